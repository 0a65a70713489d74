import Foundation
import Testing

@testable import TapedeckCore

/// While a stream is still arriving, `messageJSON()` after each event equals the SDK's snapshot at the
/// same point (partial tool input, citations so far, usage before message_delta), not only at the end.
@Suite struct SampleEqualitySnapshotTests {
    static let expected: [String: [Int: String]] = {
        var samples: [String: [Int: String]] = [:]
        var current = ""
        for line in SampleEqualitySnapshotFixtures.snapshots.split(separator: "\n") {
            if line.hasPrefix("SAMPLE ") {
                current = String(line.dropFirst(7))
                samples[current] = [:]
            } else if let space = line.firstIndex(of: " "), let index = Int(line[..<space]) {
                samples[current]?[index] = String(line[line.index(after: space)...])
            }
        }
        return samples
    }()

    @Test func fixturesAreLoaded() {
        #expect(Self.expected.count == 6)
    }

    @Test(arguments: expected.keys.sorted())
    func everySnapshotMatchesTheSDK(_ name: String) throws {
        let bytes = try Data(contentsOf: SampleEqualityTests.samplesDirectory.appendingPathComponent("\(name).sse"))
        var parser = SSEParser()
        var assembler = MessageAssembler()
        let snapshots = Self.expected[name] ?? [:]
        var compared = 0
        for (index, event) in parser.feed(bytes).enumerated() {
            assembler.apply(event)
            guard let text = snapshots[index] else { continue }
            let actual = assembler.message.messageJSON()
            let expected = try JSONValue.parse(text)
            #expect(actual == expected, "\(name) after event \(index):\n\(actual.serialized())\nexpected:\n\(text)")
            compared += 1
        }
        #expect(compared == snapshots.count)
        #expect(compared > 5)
    }
}

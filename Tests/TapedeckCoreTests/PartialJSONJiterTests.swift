import Testing

@testable import TapedeckCore

/// `PartialJSON`'s `.pythonSDK` mode must read every prefix of a streaming tool input exactly as the
/// SDK does, so a partial message's `messageJSON()` matches the SDK's snapshot.
@Suite struct PartialJSONJiterTests {
    struct Case: Sendable {
        let input: String
        let expected: [(length: Int, value: String)]
    }

    static let cases: [Case] = {
        var cases: [Case] = []
        var input: String?
        var expected: [(Int, String)] = []
        for line in PartialJSONJiterFixtures.cases.split(separator: "\n") {
            if line.hasPrefix("INPUT ") {
                if let input { cases.append(Case(input: input, expected: expected)) }
                input = (try? JSONValue.parse(String(line.dropFirst(6))))?.stringValue
                expected = []
            } else if let space = line.firstIndex(of: " "), let length = Int(line[..<space]) {
                expected.append((length, String(line[line.index(after: space)...])))
            }
        }
        if let input { cases.append(Case(input: input, expected: expected)) }
        return cases
    }()

    @Test func fixturesAreLoaded() {
        #expect(Self.cases.count == 5)
        #expect(Self.cases.allSatisfy { $0.expected.count == $0.input.unicodeScalars.count + 1 })
    }

    @Test func everyPrefixMatchesJiter() throws {
        for testCase in Self.cases {
            let scalars = Array(testCase.input.unicodeScalars)
            for (length, value) in testCase.expected {
                var prefix = ""
                prefix.unicodeScalars.append(contentsOf: scalars[0..<length])
                let result = PartialJSON.parse(prefix, mode: .pythonSDK)
                if value == "ERROR" {
                    #expect(result.value == nil, "prefix \(length) of \(testCase.input)")
                } else {
                    let expected = try JSONValue.parse(value)
                    #expect(result.value == expected, "prefix \(length): \(prefix)")
                }
            }
        }
    }
}

import Foundation
import TapedeckCore
import TapedeckTestSupport
import Testing

/// `tapedeck inspect` as a user runs it: the store's outcome words, a clear refusal for a file that is not a stream.
@Suite struct InspectCommandTests {
    static let samples = Repository.root.appendingPathComponent("Samples")

    @Test func aCutStreamIsPartialUpstreamDisconnectAsTheStoreSaysAndExitsZero() throws {
        let path = Self.samples.appendingPathComponent("cut_before_stop.sse").path
        let result = try TapedeckExecutable.run(["inspect", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("outcome:     PARTIAL upstream_disconnect (no message_stop"))
        #expect(result.stdout.contains("at end: error missing_message_stop"))
        let json = try TapedeckExecutable.run(["inspect", path, "--format", "json"])
        let expected = try JSONValue.parse(
            bytes: Data(contentsOf: Self.samples.appendingPathComponent("cut_before_stop.expected.json")))
        #expect((try JSONValue.parse(json.stdout)) == expected)
    }

    @Test func aFileWithoutEventsIsRefusedInWords() throws {
        let readme = Repository.root.appendingPathComponent("README.md").path
        let result = try TapedeckExecutable.run(["inspect", readme])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no SSE events in \(readme)"))
        #expect(result.stdout.isEmpty)
    }

    @Test func aMissingFileIsNamed() throws {
        let path = NSTemporaryDirectory() + "tapedeck-missing-\(UUID().uuidString).sse"
        let result = try TapedeckExecutable.run(["inspect", path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot read \(path): no such file"))
    }
}

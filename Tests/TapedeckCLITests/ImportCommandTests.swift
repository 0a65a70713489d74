import Foundation
import TapedeckTestSupport
import Testing

/// `tapedeck import` run twice on the same recording: nothing is added and it says so, exiting 0.
@Suite struct ImportCommandTests {
    @Test(arguments: ["unicode.sse", "cut_before_stop.sse"])
    func importingTheSameRecordingAgainAddsNothingAndSaysSo(_ sample: String) throws {
        let dir = try makeTemporaryDirectory("tapedeck-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("imports.sqlite").path
        let file = Repository.root.appendingPathComponent("Samples/\(sample)").path
        let first = try TapedeckExecutable.run(["import", file, "--db", db])
        #expect(first.status == 0, "\(first.stderr)")
        let id = try #require(first.stdout.split(separator: " ").first.map(String.init))

        let again = try TapedeckExecutable.run(["import", file, "--db", db])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("\(file): already imported: 1 exchange already in \(db) (\(id))"))
        #expect(again.stderr.isEmpty)
        let listed = try TapedeckExecutable.run(["ls", "--exchanges", "--db", db, "--json"])
        #expect(listed.stdout.components(separatedBy: "\"id\"").count == 2)  // still one exchange
    }
}

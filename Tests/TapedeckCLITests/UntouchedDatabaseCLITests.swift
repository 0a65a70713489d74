import Foundation
import TapedeckCore
import TapedeckTestSupport
import Testing

/// "Left untouched" through the binary: a failed import into an existing database and the read-only commands
/// leave the database file's bytes exactly as they were (whole-file SHA-256).
@Suite("a failed import, ls and show leave the database file unchanged")
struct UntouchedDatabaseCLITests {
    @Test func failedImportAndReadingCommandsChangeNoByte() throws {
        let directory = try makeTemporaryDirectory("tapedeck-untouched")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("cli.sqlite").path
        func run(_ arguments: [String]) throws -> ProcessOutput {
            try TapedeckExecutable.run(arguments, environment: ["TAPEDECK_DB": database], directory: directory)
        }
        try FileManager.default.copyItem(
            at: Repository.samples.appendingPathComponent("text_basic.sse"),
            to: directory.appendingPathComponent("a.sse"))
        let first = try run(["import", "a.sse"])
        #expect(first.status == 0, "\(first.stderr)")
        let id = String(first.text.prefix(while: { $0 != " " }))
        #expect(!FileManager.default.fileExists(atPath: database + "-wal"))
        func digest() -> String { SHA256.hex([UInt8](FileManager.default.contents(atPath: database) ?? Data())) }
        let before = digest()

        try Data("{\"log\": {\"entries\": 3}}".utf8).write(to: directory.appendingPathComponent("bad.har"))
        try Data("not json\n".utf8).write(to: directory.appendingPathComponent("bad.jsonl"))
        let failed = try run(["import", "bad.har", "bad.jsonl"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("bad.har"))
        #expect(digest() == before)

        for arguments in [
            ["ls"], ["ls", "--exchanges"], ["show", id], ["stats"], ["export", id, "--format", "json"],
        ] {
            let result = try run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(digest() == before, "\(arguments)")
            // Nor do they leave a journal beside it.
            #expect(!FileManager.default.fileExists(atPath: database + "-wal"), "\(arguments)")
            #expect(!FileManager.default.fileExists(atPath: database + "-shm"), "\(arguments)")
        }
    }
}

import Foundation
import Testing

/// Export files hold prompts and answers: created 0600 like the database, and `-o DIR` says what is wrong.
extension CLIProcessTests {
    @Test("export -o FILE creates the file 0600, even over an existing 0644 file; -o DIR is explained")
    func exportFileIsPrivate() throws {
        let directory = try SampleExchanges.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(try SampleExchanges.bytes("cut_before_stop", ".sse")).write(
            to: directory.appendingPathComponent("cut.sse"))
        let imported = try run(["import", "cut.sse"], in: directory)
        #expect(imported.status == 0, "\(imported.stderr)")
        let id = String(imported.text.prefix(while: { $0 != " " }))

        let existing = directory.appendingPathComponent("existing.jsonl")
        try Data("old".utf8).write(to: existing)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: existing.path)
        for name in ["fresh.jsonl", "existing.jsonl"] {
            let export = try run(["export", id, "--format", "jsonl", "-o", name], in: directory)
            #expect(export.status == 0, "\(export.stderr)")
            let path = directory.appendingPathComponent(name).path
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(name) has mode \(String(mode ?? 0, radix: 8))")
            #expect(FileManager.default.contents(atPath: path)?.count ?? 0 > 100)
        }

        let intoDirectory = try run(["export", id, "--format", "jsonl", "-o", "."], in: directory)
        #expect(intoDirectory.status != 0)
        #expect(intoDirectory.stderr.contains("is a directory; give a file name inside it"), "\(intoDirectory.stderr)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!leftovers.contains { $0.hasPrefix(".tapedeck-export-") })
    }
}

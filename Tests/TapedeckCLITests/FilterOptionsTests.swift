import Foundation
import TapedeckCore
import TapedeckTestSupport
import Testing

/// `--outcome`, `--model` and `--since` mean the same on every command that takes them (`ls`, `ls --exchanges`,
/// `export --all`, `stats`): the spellings `ls` always accepted work everywhere.
@Suite struct FilterOptionsTests {
    @Test func everyCommandReadsTheFiltersTheWayLsDoes() throws {
        let dir = try makeTemporaryDirectory("tapedeck-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("demo.sqlite").path
        let demo = try TapedeckExecutable.run(["demo", "--db", db, "--timing", "0.05"])
        #expect(demo.status == 0, "\(demo.stderr)")

        func ids(_ arguments: [String]) throws -> Set<String> {
            let run = try TapedeckExecutable.run(arguments + ["--db", db])
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            if arguments.contains("export") {
                return Set(
                    run.stdout.split(separator: "\n").compactMap { try? JSONValue.parse(String($0))["id"]?.stringValue }
                )
            }
            if arguments.contains("stats") {
                let report = try JSONValue.parse(run.stdout)
                return ["\(report["exchanges"]?.intValue ?? report["total"]?["exchanges"]?.intValue ?? -1)"]
            }
            return Set((try JSONValue.parse(run.stdout)).arrayValue?.compactMap { $0["id"]?.stringValue } ?? [])
        }
        for spelling in [
            ["--outcome", "failures"], ["--outcome", "FAILED"], ["--outcome", "failed,complete"],
            ["--outcome", "error-event"], ["--outcome", "error_event", "--outcome", "http_error"],
            ["--model", "opus", "--since", "1h"],
        ] {
            let listed = try ids(["ls", "--exchanges", "--json", "--limit", "0"] + spelling)
            #expect(!listed.isEmpty, "\(spelling) matched nothing in ls")
            let exported = try ids(["export", "--all", "--format", "jsonl"] + spelling)
            #expect(exported == listed, "\(spelling): export --all and ls --exchanges disagree")
            let counted = try ids(["stats", "--json"] + spelling)
            #expect(counted == ["\(listed.count)"], "\(spelling): stats counted \(counted), ls listed \(listed.count)")
        }
        let bad = try TapedeckExecutable.run(["export", "--all", "--format", "jsonl", "--outcome", "nope", "--db", db])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--outcome \"nope\" is not an outcome"))
    }

    @Test func aMissingDatabaseGetsOneMessageEverywhere() throws {
        let dir = try makeTemporaryDirectory("tapedeck-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("none.sqlite").path
        let expected = "No recordings in \(db) yet."
        let ls = try TapedeckExecutable.run(["ls", "--db", db])
        #expect(ls.status == 0 && ls.stdout.contains(expected))
        for arguments in [
            ["show", "latest"], ["export", "latest"], ["stats"], ["replay", "latest", "--snapshot"], ["regroup"],
        ] {
            let run = try TapedeckExecutable.run(arguments + ["--db", db])
            #expect(run.status == 1, "\(arguments)")
            #expect(run.stderr.contains(expected), "\(arguments): \(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: db))
    }
}

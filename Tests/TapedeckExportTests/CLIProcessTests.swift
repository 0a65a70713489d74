import Foundation
import TapedeckCore
import TapedeckTestSupport
import Testing

@testable import TapedeckExport

/// The commands as a user runs them, through the built binary (`Scripts/test.sh` sets TAPEDECK_BIN).
@Suite("import/export/show/stats through the tapedeck binary")
struct CLIProcessTests {
    /// `tapedeck ARGS` in `directory`, with that directory's own database.
    static func run(_ arguments: [String], in directory: URL) throws -> ProcessOutput {
        try TapedeckExecutable.run(
            arguments, environment: ["TAPEDECK_DB": directory.appendingPathComponent("cli.sqlite").path],
            directory: directory)
    }

    func run(_ arguments: [String], in directory: URL) throws -> ProcessOutput {
        try Self.run(arguments, in: directory)
    }

    /// Imports the sample session (as JSONL without its grouping, so the store groups it); its id and turn count.
    static func importSession(into directory: URL) throws -> (String, Int) {
        let session = try SampleSession.session()
        let lines = session.exchanges.map { exchange -> String in
            var plain = exchange
            plain.summary.sessionID = nil
            plain.summary.threadID = nil
            plain.summary.turn = nil
            plain.summary.continues = nil
            return JSONLExporter.export([plain])
        }
        try Data(lines.joined().utf8).write(to: directory.appendingPathComponent("run.jsonl"))
        let imported = try run(["import", "run.jsonl"], in: directory)
        try #require(imported.status == 0, "\(imported.stderr)")
        let show = try run(["show", "latest", "--json"], in: directory)
        try #require(show.status == 0, "\(show.stderr)")
        let report = try JSONValue.parse(show.text)
        return (try #require(report["id"]?.stringValue), report["turns"]?.arrayValue?.count ?? 0)
    }

    @Test("import good and bad files, export sse byte-exact, jsonl round trip, show and stats")
    func endToEnd() throws {
        let directory = try SampleExchanges.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cut = try SampleExchanges.bytes("cut_before_stop", ".sse")
        try Data(cut).write(to: directory.appendingPathComponent("cut.sse"))
        try Data("not json\n".utf8).write(to: directory.appendingPathComponent("bad.jsonl"))

        let imported = try run(["import", "bad.jsonl", "cut.sse"], in: directory)
        #expect(imported.status == 1)
        #expect(imported.stderr.contains("bad.jsonl: line 1: not JSON"))
        let line = try #require(imported.text.split(separator: "\n").first)
        #expect(line.contains("upstream_disconnect  imported from cut.sse"))
        let id = String(line.prefix(while: { $0 != " " }))

        let sse = try run(["export", id, "--format", "sse"], in: directory)
        #expect(sse.status == 0)
        #expect(sse.bytes == cut)

        let jsonl = try run(["export", "--all", "--format", "jsonl", "-o", "all.jsonl"], in: directory)
        #expect(jsonl.status == 0, "\(jsonl.stderr)")
        let other = directory.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: directory.appendingPathComponent("all.jsonl"), to: other.appendingPathComponent("all.jsonl"))
        #expect(try run(["import", "all.jsonl"], in: other).status == 0)
        let again = try run(["export", "--all", "--format", "jsonl"], in: other)
        #expect(again.bytes == [UInt8](try Data(contentsOf: directory.appendingPathComponent("all.jsonl"))))

        let show = try run(["show", id], in: directory)
        #expect(show.status == 0)
        #expect(show.text.hasPrefix("Exchange \(id)  PARTIAL (upstream_disconnect)"))
        let latest = try run(["show", "latest"], in: directory)
        #expect(latest.status == 0)
        #expect(latest.text.hasPrefix("Session "), "latest names the newest session")
        #expect(latest.text.contains("1.1  \(id)"))
        let stats = try run(["stats", "--since", "1000w", "--json"], in: directory)
        #expect(stats.status == 0)
        #expect(try JSONValue.parse(stats.text)["exchanges"]?.intValue == 1)
    }

    @Test("export and show take a session id or an exchange id; stats splits by session")
    func sessions() throws {
        let directory = try SampleExchanges.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (sessionID, turns) = try Self.importSession(into: directory)
        #expect(turns > 0)

        let markdown = try run(["export", sessionID, "--format", "md", "-o", "session.md"], in: directory)
        #expect(markdown.status == 0, "\(markdown.stderr)")
        let written = try String(contentsOf: directory.appendingPathComponent("session.md"), encoding: .utf8)
        #expect(written.hasPrefix("# Session \(sessionID): "))
        #expect(written.contains("**Tool call `get_weather`**"))
        #expect(!written.contains("sk-ant-test"))

        let exchange = try run(["export", "1000000001", "--format", "md", "-o", "exchange.md"], in: directory)
        #expect(exchange.status == 0, "\(exchange.stderr)")
        let exchangeText = try String(contentsOf: directory.appendingPathComponent("exchange.md"), encoding: .utf8)
        #expect(exchangeText.hasPrefix("# Exchange 1000000001: COMPLETE"))

        let json = try run(["export", sessionID, "--format", "json"], in: directory)
        #expect(try JSONValue.parse(json.text)["messages"]?.arrayValue?.isEmpty == false)
        let jsonl = try run(["export", sessionID, "--format", "jsonl"], in: directory)
        #expect(jsonl.text.contains("1000000001") && jsonl.text.contains("1000000005"))
        let sse = try run(["export", sessionID, "--format", "sse"], in: directory)
        #expect(sse.status != 0)
        #expect(sse.stderr.contains("give an exchange id"))

        let stats = try run(["stats", "--since", "1000w", "--by", "session", "--json"], in: directory)
        #expect(stats.status == 0, "\(stats.stderr)")
        let groups = try JSONValue.parse(stats.text)["groups"]?.arrayValue ?? []
        #expect(groups.contains { $0["key"]?.stringValue == sessionID })
    }
}

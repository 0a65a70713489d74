import Foundation
import TapedeckCore
import Testing

@testable import TapedeckExport

/// The commands as a user runs them, through the built binary (`Scripts/test.sh` sets TAPEDECK_BIN).
@Suite(
    "import/export/show/stats through the tapedeck binary",
    .enabled(if: ProcessInfo.processInfo.environment["TAPEDECK_BIN"] != nil, "needs TAPEDECK_BIN"))
struct CLIProcessTests {
    struct Result {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    func run(_ arguments: [String], in directory: URL) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.environment["TAPEDECK_BIN"] ?? "")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ["TAPEDECK_DB": directory.appendingPathComponent("cli.sqlite").path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: [UInt8](stdout), stderr: String(decoding: stderr, as: UTF8.self))
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
        #expect(sse.stdout == cut)

        let jsonl = try run(["export", "--all", "--format", "jsonl", "-o", "all.jsonl"], in: directory)
        #expect(jsonl.status == 0, "\(jsonl.stderr)")
        let other = directory.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: directory.appendingPathComponent("all.jsonl"), to: other.appendingPathComponent("all.jsonl"))
        #expect(try run(["import", "all.jsonl"], in: other).status == 0)
        let again = try run(["export", "--all", "--format", "jsonl"], in: other)
        #expect(again.stdout == [UInt8](try Data(contentsOf: directory.appendingPathComponent("all.jsonl"))))

        let show = try run(["show", "latest"], in: directory)
        #expect(show.status == 0)
        #expect(show.text.hasPrefix("Exchange \(id)  PARTIAL (upstream_disconnect)"))
        let stats = try run(["stats", "--since", "1000w", "--json"], in: directory)
        #expect(stats.status == 0)
        #expect(try JSONValue.parse(stats.text)["exchanges"]?.intValue == 1)
    }
}

import ArgumentParser
import Foundation

/// `tapedeck-bench proxy-report`: turns the JSON lines run.sh collected into the comparison
/// table, with ratios against nginx taken per round and their medians, and the targets.
struct ProxyReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy-report",
        abstract: "Summarise proxy benchmark results (JSON lines) as a Markdown table with pass/fail.",
        discussion: "Example: tapedeck-bench proxy-report --results /tmp/tapedeck-proxy-bench/results.jsonl"
    )

    @Option(help: "The JSON-lines file run.sh wrote, e.g. results.jsonl.")
    var results: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: results) else {
            throw ValidationError("Cannot read \(results); run Benchmarks/proxy/run.sh first.")
        }
        var clients: [ProxyClientResult] = []
        var recorded: [ProxyRecordedCheck] = []
        let decoder = JSONDecoder()
        for (number, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.isEmpty {
            let lineData = Data(line)
            if let client = try? decoder.decode(ProxyClientResult.self, from: lineData), client.kind == "client" {
                clients.append(client)
            } else if let check = try? decoder.decode(ProxyRecordedCheck.self, from: lineData),
                check.kind == "recorded"
            {
                recorded.append(check)
            } else {
                print("note: line \(number + 1) of \(results) is not a result line; skipped")
            }
        }
        print(ProxyReport(clients: clients, recorded: recorded).markdown())
    }
}

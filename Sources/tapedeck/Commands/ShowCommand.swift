import ArgumentParser
import TapedeckCore
import TapedeckExport
import TapedeckStore

/// Show one exchange: request, timings, assembled message, diagnostics.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one exchange: request, timings, assembled message, diagnostics.",
        discussion: """
            Prints the request summary (method, path, model, max_tokens, messages, tools, redacted \
            headers), the response status, timings (first byte, TTFT, duration), the exchange's stream \
            figures (tokens/s, inter-event gap p99, longest stall), the assembled message (thinking, \
            text, tool calls as JSON), diagnostics with their event positions, the outcome (a partial \
            response is labelled PARTIAL) and the retry chain.

            Examples:
              tapedeck show latest
              tapedeck show 3f2a
              tapedeck show 3f2a --json | jq .stats
            """
    )

    @Argument(help: "Exchange id, unique id prefix, or `latest`.")
    var id: String

    @OptionGroup var database: DatabaseOptions

    @Flag(name: .long, help: "Print the report as one JSON object.")
    var json = false

    func run() async throws {
        let store = try ShowExchangeLoading.openForReading(database.path)
        let exchange = try ShowExchangeLoading.load(id, from: store)
        let chain = (try? store.retryChain(of: exchange.summary.id)) ?? []
        let report = ShowReport(exchange: exchange, chain: chain)
        let text = json ? report.json().serialized(pretty: true) + "\n" : report.text()
        try ShowExchangeLoading.write(Array(text.utf8), to: nil)
    }
}

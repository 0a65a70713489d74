import ArgumentParser
import TapedeckCore
import TapedeckExport
import TapedeckStore

/// Show a session turn by turn, or one exchange in full.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a session turn by turn, or one exchange in full.",
        discussion: """
            For a session (an agent run): its client, grouping, figures (exchanges, turns, threads, \
            tokens, wall time, time on the model and between turns), then one line per turn \
            (thread.turn and #attempt, exchange id, the gap before it, what was new in its request, \
            outcome, TTFT, tokens, tool calls), then the anomalies across the session (failed \
            exchanges, retries, stream diagnostics, long stalls, lost events).

            For an exchange: the request summary (method, path, model, max_tokens, messages, tools, \
            redacted headers), the response status, timings (first byte, TTFT, duration), the \
            exchange's stream figures (tokens/s, inter-event gap p99, longest stall), the assembled \
            message (thinking, text, tool calls as JSON), diagnostics with their event positions, the \
            outcome (a partial response is labelled PARTIAL) and the retry chain.

            Examples:
              tapedeck show latest
              tapedeck show 5e1a --json | jq '.turns[] | {thread, turn, outcome}'
              tapedeck show 3f2a
            """
    )

    @Argument(help: "Session id, exchange id, a unique prefix of either, or `latest` (the newest session).")
    var id: String

    @OptionGroup var database: DatabaseOptions

    @Flag(name: .long, help: "Print the report as one JSON object.")
    var json = false

    @Flag(name: .long, help: "Show an exchange's system prompt too, before the last user message.")
    var system = false

    func run() async throws {
        let store = try await StoreOpening.forReading(database.path)
        let text: String
        switch try await SessionOrExchange.load(id, from: store) {
        case .session(let session):
            let report = SessionShowReport(session: session)
            text = json ? report.json().serialized(pretty: true) + "\n" : report.text()
        case .exchange(let exchange):
            let chain = (try? await store.retryChain(of: exchange.summary.id)) ?? []
            let report = ShowReport(exchange: exchange, chain: chain, includesSystemPrompt: system)
            text = json ? report.json().serialized(pretty: true) + "\n" : report.text()
        }
        try OutputFile.write(Array(text.utf8), to: nil)
    }
}

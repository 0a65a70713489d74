import ArgumentParser
import TapedeckCore
import TapedeckExport
import TapedeckStore

/// Latency and outcome statistics over recorded exchanges.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Latency and outcome statistics over recorded exchanges.",
        discussion: """
            Exchanges by outcome, error rate (failures / all), TTFT p50/p95/p99, output tokens per \
            second (output_tokens / (duration − TTFT)), inter-event gap p99 and the longest stall with \
            its exchange and event. Without --since, the last 24 hours. --by session gives one row per session (agent run), oldest \
            first, keyed by session id (`tapedeck show ID` opens it). Percentiles are nearest-rank: always a value that was observed.

            Examples:
              tapedeck stats
              tapedeck stats --since 7d --by model
              tapedeck stats --by session
              tapedeck stats --by day --json | jq '.groups[] | {key, error_rate}'
            """
    )

    @OptionGroup var database: DatabaseOptions

    /// Which exchanges; without --since, the last 24 hours.
    @OptionGroup var filters: SessionFilterOptions

    @Option(name: .long, help: "Also split the figures by session, model, outcome or day (UTC).")
    var by: StatsGroupingArgument?

    @Flag(name: .long, help: "Print the figures as one JSON object.")
    var json = false

    /// The span `stats` covers when --since is not given.
    static let defaultSince = "24h"

    func run() async throws {
        let store = try await StoreOpening.forReading(database.path)
        var filter = try filters.filter(since: Self.defaultSince)
        filter.order = .oldestFirst
        let since = filters.since ?? Self.defaultSince
        let exchanges: [RecordedExchange]
        do {
            let summaries = try await store.exchanges(filter)
            exchanges = try await StoreOpening.loadAll(summaries, from: store)
        } catch {
            throw CommandFailure(error.description)
        }
        let report =
            by == .session
            ? ExchangeStatsReport.bySession(exchanges)
            : ExchangeStatsReport(exchanges: exchanges, grouping: by?.grouping)
        let name = by?.rawValue
        let text =
            json
            ? StatsReportRenderer.json(report, since: since, by: name).serialized(pretty: true) + "\n"
            : StatsReportRenderer.text(report, scope: "since \(since)", by: name)
        try OutputFile.write(Array(text.utf8), to: nil)
    }
}

/// `--by` values of `tapedeck stats`.
enum StatsGroupingArgument: String, ExpressibleByArgument, CaseIterable {
    case session, model, outcome, day

    /// The Core grouping; nil for `session`, which groups by the exchanges' session column.
    var grouping: StatsGrouping? {
        switch self {
        case .session: nil
        case .model: .model
        case .outcome: .outcome
        case .day: .day
        }
    }
}

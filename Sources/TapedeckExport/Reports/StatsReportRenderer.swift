import Foundation
import TapedeckCore

/// `tapedeck stats` output: a block of figures for all exchanges and, with `--by`, one table row per
/// group; or the same as JSON.
public enum StatsReportRenderer {
    /// The plain-text report; `scope` says which exchanges were counted (e.g. "since 24h"); `by` names the groups
    /// when they are not one of `StatsGrouping` (e.g. "session").
    public static func text(_ report: ExchangeStatsReport, scope: String, by: String? = nil) -> String {
        let stats = report.overall
        var lines: [String] = []
        func field(_ name: String, _ value: String) {
            lines.append(name.padding(toLength: 15, withPad: " ", startingAt: 0) + value)
        }
        let outcomes = stats.outcomeCounts.map { "\($0.outcome.rawValue) \($0.count)" }.joined(separator: ", ")
        field("Exchanges", "\(stats.exchangeCount) \(scope)" + (outcomes.isEmpty ? "" : "  (\(outcomes))"))
        guard stats.exchangeCount > 0 else {
            lines.append("No exchanges to count; widen --since or record some with `tapedeck record`.")
            return lines.joined(separator: "\n") + "\n"
        }
        field("Error rate", "\(percent(stats.errorRate))  (\(stats.failureCount) of \(stats.exchangeCount) failed)")
        field(
            "TTFT",
            "p50 \(DurationText.format(stats.ttftP50Nanos))  p95 \(DurationText.format(stats.ttftP95Nanos))  "
                + "p99 \(DurationText.format(stats.ttftP99Nanos))")
        field(
            "Output tok/s",
            "p50 \(rate(stats.outputTokensPerSecondP50))  overall \(rate(stats.outputTokensPerSecondOverall))")
        field("Gap p99", DurationText.format(stats.gapP99Nanos))
        if let stall = stats.longestStall {
            field("Longest stall", "\(ShowReport.stallText(stall)) in exchange \(stall.exchangeID)")
        } else {
            field("Longest stall", "-")
        }
        if let name = by ?? report.grouping?.rawValue {
            lines.append("")
            let headings = [
                name.uppercased(), "EXCHANGES", "ERRORS", "TTFT P50", "P95", "P99", "TOK/S P50", "GAP P99",
                "LONGEST STALL",
            ]
            var rows = [headings]
            for group in report.groups {
                let s = group.stats
                rows.append([
                    group.key, "\(s.exchangeCount)", percent(s.errorRate), DurationText.format(s.ttftP50Nanos),
                    DurationText.format(s.ttftP95Nanos), DurationText.format(s.ttftP99Nanos),
                    rate(s.outputTokensPerSecondP50), DurationText.format(s.gapP99Nanos),
                    s.longestStall.map { "\(DurationText.format($0.gapNanos)) (\($0.exchangeID))" } ?? "-",
                ])
            }
            lines.append(contentsOf: table(rows))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report as JSON for `stats --json`; `by` as in `text`.
    public static func json(_ report: ExchangeStatsReport, since: String?, by: String? = nil) -> JSONValue {
        var object = statsObject(report.overall)
        object["since"] = since.map(JSONValue.string) ?? .null
        object["by"] = (by ?? report.grouping?.rawValue).map(JSONValue.string) ?? .null
        object["groups"] = .array(
            report.groups.map { group in
                var entry: JSONObject = ["key": .string(group.key)]
                for (key, value) in statsObject(group.stats) { entry[key] = value }
                return .object(entry)
            })
        return .object(object)
    }

    static func statsObject(_ stats: ExchangeStats) -> JSONObject {
        var outcomes = JSONObject()
        for count in stats.outcomeCounts { outcomes[count.outcome.rawValue] = .number(JSONNumber(count.count)) }
        return [
            "exchanges": .number(JSONNumber(stats.exchangeCount)),
            "outcomes": .object(outcomes),
            "failures": .number(JSONNumber(stats.failureCount)),
            "error_rate": stats.errorRate.map { JSONValue($0) } ?? .null,
            "ttft_ms": .object([
                "p50": ExchangeJSON.millis(stats.ttftP50Nanos), "p95": ExchangeJSON.millis(stats.ttftP95Nanos),
                "p99": ExchangeJSON.millis(stats.ttftP99Nanos),
            ]),
            "output_tokens_per_second": .object([
                "p50": stats.outputTokensPerSecondP50.map { JSONValue($0) } ?? .null,
                "overall": stats.outputTokensPerSecondOverall.map { JSONValue($0) } ?? .null,
            ]),
            "gap_p99_ms": ExchangeJSON.millis(stats.gapP99Nanos),
            "longest_stall": ExchangeJSON.stall(stats.longestStall),
        ]
    }

    static func percent(_ rate: Double?) -> String {
        rate.map { DurationText.fixed($0 * 100, digits: 1) + "%" } ?? "-"
    }

    static func rate(_ value: Double?) -> String {
        value.map { DurationText.fixed($0, digits: 1) } ?? "-"
    }

    /// Left-aligned columns separated by two spaces.
    static func table(_ rows: [[String]]) -> [String] {
        var widths = [Int](repeating: 0, count: rows.first?.count ?? 0)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return rows.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                line +=
                    index == row.count - 1
                    ? cell : cell.padding(toLength: widths[index] + 2, withPad: " ", startingAt: 0)
            }
            return line
        }
    }
}

import TapedeckCore

/// `tapedeck show SESSION`: a whole agent run for a person (`text`, one line per turn, then the anomalies) or a
/// program (`json`), so the broken turn of a long run is found without opening every exchange.
public struct SessionShowReport: Sendable {
    /// The session shown.
    public var session: RecordedSession

    /// Creates a report.
    public init(session: RecordedSession) {
        self.session = session
    }

    /// The plain-text report.
    public func text() -> String {
        let summary = session.summary
        let figures = session.figures
        var lines: [String] = []
        func field(_ name: String, _ value: String) {
            lines.append(name.padding(toLength: 10, withPad: " ", startingAt: 0) + value)
        }
        lines.append(
            "Session \(summary.id)  \(figures.outcome.label) (worst outcome \(figures.outcome.rawValue))")
        field(
            "Started",
            UTCTimestamp.format(nanos: summary.startedAtNanos, fractionDigits: 3) + "  last "
                + UTCTimestamp.format(nanos: summary.lastAtNanos, fractionDigits: 3))
        field("Grouped", summary.grouping.rawValue + (summary.key.map { " (\($0))" } ?? ""))
        if let client = summary.client { field("Client", client) }
        field(
            "Exchanges",
            "\(figures.exchanges)  turns \(figures.turns)  threads \(figures.threads)  failed \(figures.failedExchanges)"
        )
        field("Models", figures.models.isEmpty ? "-" : figures.models.joined(separator: ", "))
        field(
            "Tokens",
            "input \(figures.inputTokens)  output \(figures.outputTokens)  cache creation "
                + "\(figures.cacheCreationInputTokens)  cache read \(figures.cacheReadInputTokens)")
        field(
            "Time",
            "wall \(DurationText.format(figures.wallNanos))  on the model \(DurationText.format(figures.modelNanos))"
                + "  between turns \(DurationText.format(figures.betweenTurnsNanos))")
        lines.append("")
        lines.append("── Turns (thread.turn, #attempt) ──")
        var rows = [["TURN", "EXCHANGE", "GAP", "NEW INPUT", "OUTCOME", "TTFT", "TOKENS IN/OUT", "TOOL CALLS"]]
        for facts in SessionTurnFacts.all(session) {
            let summary = facts.summary
            var outcome = summary.outcome.rawValue
            if let status = summary.status, status >= 400 { outcome += " \(status)" }
            rows.append([
                facts.position, summary.id, DurationText.format(facts.turn.gapBeforeNanos), facts.inputText,
                outcome, DurationText.format(summary.ttftNanos),
                "\(summary.inputTokens.map(String.init) ?? "-")/\(summary.outputTokens.map(String.init) ?? "-")",
                facts.toolCalls.isEmpty ? "-" : facts.toolCalls.joined(separator: ", "),
            ])
        }
        lines.append(contentsOf: StatsReportRenderer.table(rows))
        lines.append("")
        lines.append("── Anomalies ──")
        let anomalies = SessionAnomaly.anomalies(in: session)
        if anomalies.isEmpty { lines.append("none") }
        let anomalyRows = anomalies.map { anomaly in
            [
                SessionTurnFacts.position(session.turns[anomaly.turnIndex]), anomaly.exchangeID,
                anomaly.summary + (anomaly.position == 0 && !anomaly.isAtEnd ? "" : " (\(anomaly.place))"),
            ]
        }
        lines.append(contentsOf: StatsReportRenderer.table(anomalyRows))
        lines.append("")
        lines.append("Details of one exchange: tapedeck show EXCHANGE_ID")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report as JSON for `show SESSION --json`.
    public func json() -> JSONValue {
        var object = SessionJSON.summary(session)
        object["turns"] = .array(SessionTurnFacts.all(session).map { SessionJSON.turn($0, withInput: true) })
        object["anomalies"] = .array(
            SessionAnomaly.anomalies(in: session).map { SessionJSON.anomaly($0, in: session) })
        return .object(object)
    }
}

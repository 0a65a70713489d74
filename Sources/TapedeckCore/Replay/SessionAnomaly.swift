/// A place in a session worth stopping at: what `e` / `E` jump between in the session view.
public struct SessionAnomaly: Sendable, Hashable {
    /// What kind of trouble it is.
    public enum Kind: String, Sendable, Hashable {
        /// The exchange failed (HTTP error, error event, cut stream, timeout…).
        case failedExchange = "failed"
        /// The exchange repeats an earlier failed request.
        case retry
        /// Something inside the stream (error event, diagnostic, long silence, partial end).
        case stream
    }

    /// Index of the turn (and exchange) in the session.
    public var turnIndex: Int
    /// Cursor position within that exchange's timeline.
    public var position: Int
    /// What kind of trouble it is.
    public var kind: Kind
    /// One line for the status bar and the diagnostics list.
    public var summary: String

    /// Creates an anomaly record.
    public init(turnIndex: Int, position: Int, kind: Kind, summary: String) {
        self.turnIndex = turnIndex
        self.position = position
        self.kind = kind
        self.summary = summary
    }

    /// The anomalies of one exchange of a session: a retry at its start, the stream's own anomalies, and a
    /// failure that left no trace in the stream (an HTTP error with no events) at its end.
    public static func anomalies(of timeline: Timeline, turnIndex: Int) -> [SessionAnomaly] {
        let summary = timeline.exchange.summary
        var list: [SessionAnomaly] = []
        if summary.attempt > 1 {
            let of = summary.retryOf.map { " of \($0)" } ?? ""
            list.append(
                SessionAnomaly(
                    turnIndex: turnIndex, position: 0, kind: .retry, summary: "attempt \(summary.attempt)\(of)"))
        }
        for anomaly in timeline.anomalies {
            list.append(
                SessionAnomaly(
                    turnIndex: turnIndex, position: anomaly.position, kind: .stream,
                    summary: "\(anomaly.kind.rawValue): \(anomaly.summary)"))
        }
        let streamShowsFailure = timeline.anomalies.contains { $0.kind == .errorEvent || $0.kind == .partialEnd }
        if summary.outcome.isFailure && !streamShowsFailure {
            let status = summary.status.map { "HTTP \($0) " } ?? ""
            let error = summary.errorType.map { ": \($0)" } ?? ""
            list.append(
                SessionAnomaly(
                    turnIndex: turnIndex, position: timeline.eventCount, kind: .failedExchange,
                    summary: "\(status)\(summary.outcome.rawValue)\(error)"))
        }
        return list
    }
}

/// A whole recorded session: what the session view, the transcript exports and `serve --match session` use.
public struct RecordedSession: Sendable, Hashable {
    /// The session row.
    public var summary: SessionSummary
    /// Its exchanges in start order, each with its events.
    public var exchanges: [RecordedExchange]
    /// One turn per exchange, same order.
    public var turns: [SessionTurn]
    /// Figures derived from the exchanges.
    public var figures: SessionFigures

    /// Creates a session from its row and its exchanges (sorted by start here). With `requestBodies`, the
    /// exchanges came without their request bodies and each turn reads its own on demand (see `SessionTurn`).
    public init(
        summary: SessionSummary, exchanges: [RecordedExchange], requestBodies: (@Sendable (String) -> [UInt8])? = nil
    ) {
        self.summary = summary
        self.exchanges = exchanges.sorted {
            ($0.summary.startedAtNanos, $0.summary.id) < ($1.summary.startedAtNanos, $1.summary.id)
        }
        turns = SessionTurns.build(self.exchanges, requestBodies: requestBodies)
        figures = SessionFigures(exchanges: self.exchanges.map(\.summary))
    }
}

/// A place in a session worth stopping at: the one list that `show SESSION`, the session view's `e` / `E`, its
/// status row and the HTML replay all read, so each names the same trouble at the same event.
public struct SessionAnomaly: Sendable, Hashable {
    /// What kind of trouble it is; the raw value is the stable name in JSON output.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The exchange failed and its stream does not show it (an HTTP error, a timeout before any event...).
        case failed
        /// The exchange repeats an earlier failed request.
        case retry
        /// An `error` event in the stream.
        case errorEvent = "error"
        /// A warning or error diagnostic from assembling the stream.
        case diagnostic
        /// A silence inside the stream longer than the stall threshold.
        case stall
        /// The stream ended without `message_stop`.
        case partial
        /// Events the recorder could not store.
        case lostEvents = "lost_events"

        /// Found at one event of the stream (the replayer's own per-exchange anomalies), not about the exchange.
        public var isInStream: Bool {
            switch self {
            case .errorEvent, .diagnostic, .stall, .partial: true
            case .failed, .retry, .lostEvents: false
            }
        }

        /// The session kind of one of the timeline's anomalies.
        public init(_ kind: TimelineAnomaly.Kind) {
            switch kind {
            case .errorEvent: self = .errorEvent
            case .diagnostic: self = .diagnostic
            case .gap: self = .stall
            case .partialEnd: self = .partial
            }
        }
    }

    /// Index of the turn (and exchange) in the session.
    public var turnIndex: Int
    /// The exchange's id.
    public var exchangeID: String
    /// Cursor position within that exchange's timeline (0 = before its first event).
    public var position: Int
    /// Found when the exchange ended rather than at one event.
    public var isAtEnd: Bool
    /// What kind of trouble it is.
    public var kind: Kind
    /// One sentence for a person, without the kind.
    public var message: String

    /// Creates an anomaly record.
    public init(
        turnIndex: Int, exchangeID: String, position: Int, isAtEnd: Bool = false, kind: Kind, message: String
    ) {
        self.turnIndex = turnIndex
        self.exchangeID = exchangeID
        self.position = position
        self.isAtEnd = isAtEnd
        self.kind = kind
        self.message = message
    }

    /// The kind and the sentence, as every list prints them.
    public var summary: String { "\(kind.rawValue): \(message)" }

    /// Where it is, in the words every view uses: "start", "event 7" or "at end".
    public var place: String {
        if isAtEnd { return "at end" }
        return position == 0 ? "start" : "event \(position)"
    }

    /// The anomalies of one exchange of a session: a retry at its start, the stream's own anomalies, a failure
    /// that left no trace in the stream (an HTTP error with no events) and lost events at its end.
    public static func anomalies(of timeline: Timeline, turnIndex: Int) -> [SessionAnomaly] {
        let summary = timeline.exchange.summary
        var list: [SessionAnomaly] = []
        func add(_ kind: Kind, at position: Int, atEnd: Bool = false, _ message: String) {
            list.append(
                SessionAnomaly(
                    turnIndex: turnIndex, exchangeID: summary.id, position: position, isAtEnd: atEnd, kind: kind,
                    message: message))
        }
        if summary.attempt > 1 {
            add(.retry, at: 0, "attempt \(summary.attempt)" + (summary.retryOf.map { " of \($0)" } ?? ""))
        }
        for anomaly in timeline.anomalies {
            add(Kind(anomaly.kind), at: anomaly.position, atEnd: anomaly.isAtEnd, anomaly.summary)
        }
        let streamShowsFailure = timeline.anomalies.contains { $0.kind == .errorEvent || $0.kind == .partialEnd }
        if summary.outcome.isFailure && !streamShowsFailure {
            var message = summary.status.map { "HTTP \($0) " } ?? ""
            message += summary.outcome.rawValue
            if let type = summary.errorType { message += ": \(type)" }
            if let text = summary.errorMessage, !text.isEmpty { message += " \"\(text)\"" }
            add(.failed, at: timeline.eventCount, atEnd: true, message)
        }
        if summary.droppedEvents > 0 {
            add(.lostEvents, at: timeline.eventCount, atEnd: true, "\(summary.droppedEvents) events were not stored")
        }
        return list
    }

    /// Every anomaly of a recorded session, turn by turn (what `show SESSION` lists).
    public static func anomalies(in session: RecordedSession, gapThreshold: Double = 2) -> [SessionAnomaly] {
        session.exchanges.enumerated().flatMap { index, exchange in
            anomalies(of: Timeline(exchange: exchange, gapThreshold: gapThreshold), turnIndex: index)
        }
    }
}

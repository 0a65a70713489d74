/// A place in a recording worth stopping at: what `e` / `E` jump between in the replayer.
public struct TimelineAnomaly: Sendable, Hashable {
    /// What kind of trouble it is.
    public enum Kind: String, Sendable, Hashable {
        /// An `error` event in the stream.
        case errorEvent = "error"
        /// The assembler reported a diagnostic while applying this event.
        case diagnostic
        /// The event arrived after an unusually long silence.
        case gap
        /// The stream ended without `message_stop` (a partial response).
        case partialEnd = "partial"
    }

    /// The cursor position to stop at: the number of events applied (1 = after the first event;
    /// the event count = the end of the stream).
    public var position: Int
    /// What kind of trouble it is.
    public var kind: Kind
    /// One line for the diagnostics list.
    public var summary: String
    /// Found when the stream ended (no `message_stop`, a block never stopped), not at one event.
    public var isAtEnd: Bool

    /// Creates an anomaly record.
    public init(position: Int, kind: Kind, summary: String, isAtEnd: Bool = false) {
        self.position = position
        self.kind = kind
        self.summary = summary
        self.isAtEnd = isAtEnd
    }

    /// Where it is, in the words every view uses: "event 7" or "at end".
    public var place: String { isAtEnd ? "at end" : "event \(position)" }
}

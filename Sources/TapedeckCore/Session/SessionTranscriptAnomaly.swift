/// Something in a session a person debugging an agent run looks for first: a failed exchange, a retry, a stream
/// diagnostic, a long stall or lost events; `show SESSION` lists them under the turns.
public struct SessionTranscriptAnomaly: Sendable, Hashable {
    /// What kind of anomaly; the raw value is the stable name in JSON output.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The exchange failed (HTTP error, error event, cut stream, timeout...).
        case failed
        /// The exchange is another attempt of an earlier failed request.
        case retry
        /// A warning or error diagnostic in the stream.
        case diagnostic
        /// A silence in the stream at least as long as the stall threshold.
        case stall
        /// Events the recorder could not store.
        case lostEvents = "lost_events"
    }

    /// The kind.
    public var kind: Kind
    /// Index of the exchange in `RecordedSession.exchanges`.
    public var exchangeIndex: Int
    /// The exchange's id.
    public var exchangeID: String
    /// One sentence for a person.
    public var message: String

    /// Creates an anomaly.
    public init(kind: Kind, exchangeIndex: Int, exchangeID: String, message: String) {
        self.kind = kind
        self.exchangeIndex = exchangeIndex
        self.exchangeID = exchangeID
        self.message = message
    }
}

/// The longest silence in a stream: where a user waited and saw nothing.
public struct Stall: Sendable, Hashable {
    /// The exchange it happened in.
    public var exchangeID: String
    /// Length of the silence in nanoseconds.
    public var gapNanos: Int64
    /// Offset from request start at which the silence began (the previous arrival).
    public var startNanos: Int64
    /// Sequence number of the event that ended the silence; nil when the stream ended instead
    /// (a trailing fragment or the end of an unfinished exchange).
    public var endingSequence: Int?
    /// Type of the event that ended the silence, "trailing fragment", or "end of stream".
    public var endingEvent: String

    /// Creates a stall record.
    public init(exchangeID: String, gapNanos: Int64, startNanos: Int64, endingSequence: Int?, endingEvent: String) {
        self.exchangeID = exchangeID
        self.gapNanos = gapNanos
        self.startNanos = startNanos
        self.endingSequence = endingSequence
        self.endingEvent = endingEvent
    }

    /// Whether this stall is longer than `other`; ties go to the earlier exchange/position so
    /// results do not depend on input order.
    func isLonger(than other: Stall) -> Bool {
        if gapNanos != other.gapNanos { return gapNanos > other.gapNanos }
        if exchangeID != other.exchangeID { return exchangeID < other.exchangeID }
        return startNanos < other.startNanos
    }
}

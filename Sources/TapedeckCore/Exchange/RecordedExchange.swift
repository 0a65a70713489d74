/// A whole recorded exchange: what the replayer, exporters and `serve` work from.
public struct RecordedExchange: Sendable, Hashable {
    /// The exchange row.
    public var summary: ExchangeSummary
    /// SSE events in arrival order (empty for non-streaming responses).
    public var events: [RecordedEvent]
    /// Bytes after the last complete event that never formed one (a cut stream), or, for a
    /// non-streaming response, the whole response body.
    public var trailingBytes: [UInt8]
    /// Nanoseconds from request start at which the trailing bytes arrived, if any.
    public var trailingOffsetNanos: Int64?

    /// Creates an exchange value.
    public init(
        summary: ExchangeSummary, events: [RecordedEvent], trailingBytes: [UInt8] = [],
        trailingOffsetNanos: Int64? = nil
    ) {
        self.summary = summary
        self.events = events
        self.trailingBytes = trailingBytes
        self.trailingOffsetNanos = trailingOffsetNanos
    }

    /// The response body exactly as the client received it.
    public var responseBody: [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(events.reduce(trailingBytes.count) { $0 + $1.raw.count })
        for event in events { body.append(contentsOf: event.raw) }
        body.append(contentsOf: trailingBytes)
        return body
    }
}

/// One SSE event as stored: when it arrived and exactly what bytes carried it.
public struct RecordedEvent: Sendable, Hashable {
    /// 0-based position in the exchange's event stream.
    public var sequence: Int
    /// Nanoseconds from the request start to the arrival of the event's last byte.
    public var offsetNanos: Int64
    /// The dispatched event type (`event:` field or "message").
    public var type: String
    /// The joined `data:` payload.
    public var data: String {
        get { payload.data }
        set { payload.data = newValue }
    }
    /// The exact bytes as received (see `SSEEvent.raw`).
    public var raw: [UInt8] {
        get { payload.raw }
        set { payload.raw = newValue }
    }
    /// `raw` and `data`, held once for a large event (see `EventPayload`).
    public var payload: EventPayload

    /// Creates a recorded event.
    public init(sequence: Int, offsetNanos: Int64, type: String, data: String, raw: [UInt8]) {
        self.init(sequence: sequence, offsetNanos: offsetNanos, type: type, payload: EventPayload(data: data, raw: raw))
    }

    /// Creates a recorded event around a payload (a parsed event's, so a large event's text stays in its bytes).
    public init(sequence: Int, offsetNanos: Int64, type: String, payload: EventPayload) {
        self.sequence = sequence
        self.offsetNanos = offsetNanos
        self.type = type
        self.payload = payload
    }
}

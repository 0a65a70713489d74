/// One dispatched Server-Sent Event, kept with its exact bytes so a body can be rebuilt byte for byte.
public struct SSEEvent: Sendable, Hashable {
    /// The `event:` field as sent, or nil when the stream omitted it (WHATWG then calls it "message").
    public var event: String?
    /// All `data:` lines joined with "\n".
    public var data: String {
        get { payload.data }
        set { payload.data = newValue }
    }
    /// The last `id:` field seen in this event, if any.
    public var id: String?
    /// The `retry:` field, when it was a valid integer.
    public var retry: Int?
    /// Every byte this event consumed from the stream, including comments and blank lines before it
    /// and its terminating blank line; concatenating `raw` of all events plus the trailing fragment
    /// gives the input exactly.
    public var raw: [UInt8] {
        get { payload.raw }
        set { payload.raw = newValue }
    }
    /// `raw` and `data`, held once for a large event (see `EventPayload`).
    public var payload: EventPayload
    /// Byte offset of `raw.first` in the whole stream.
    public var offset: Int

    /// The event type as WHATWG dispatches it: the `event:` field, or "message" when absent.
    public var type: String { event ?? "message" }

    /// Creates an event; `raw` defaults to nothing for events built in code rather than parsed.
    public init(
        event: String?, data: String, id: String? = nil, retry: Int? = nil, raw: [UInt8] = [],
        offset: Int = 0
    ) {
        self.init(event: event, payload: EventPayload(data: data, raw: raw), id: id, retry: retry, offset: offset)
    }

    /// Creates an event around a payload (the parser's: a large event's text stays in its bytes).
    public init(event: String?, payload: EventPayload, id: String? = nil, retry: Int? = nil, offset: Int = 0) {
        self.event = event
        self.payload = payload
        self.id = id
        self.retry = retry
        self.offset = offset
    }
}

/// Bytes at the end of a stream that never formed a complete event: the evidence of a truncated stream.
public struct SSETrailingFragment: Sendable, Hashable {
    /// The exact leftover bytes.
    public var raw: [UInt8]
    /// Byte offset of `raw.first` in the whole stream.
    public var offset: Int

    /// Creates a fragment record.
    public init(raw: [UInt8], offset: Int) {
        self.raw = raw
        self.offset = offset
    }
}

extension SSETrailingFragment {
    /// Whether the fragment holds the start of an event (a field line) rather than only blank lines,
    /// comments, or the LF completing a CR line end: only then does it show a stream cut mid-event.
    public var containsFieldLine: Bool {
        var atLineStart = true
        var lineIsComment = false
        for byte in raw {
            if byte == 0x0A || byte == 0x0D {
                atLineStart = true
                lineIsComment = false
            } else if atLineStart {
                atLineStart = false
                lineIsComment = byte == 0x3A
                if !lineIsComment { return true }
            }
        }
        return false
    }
}

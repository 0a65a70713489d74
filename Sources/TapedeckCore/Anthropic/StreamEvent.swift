/// One Messages API stream event, typed. Decoding an `SSEEvent` never fails: unknown event types are
/// kept verbatim and data that cannot be read becomes `.malformed` with the reason.
public enum StreamEvent: Sendable, Hashable {
    /// `message_start`.
    case messageStart(MessageStart)
    /// `content_block_start`.
    case contentBlockStart(index: Int, block: ContentBlock)
    /// `content_block_delta`.
    case contentBlockDelta(index: Int, delta: ContentDelta)
    /// `content_block_stop`.
    case contentBlockStop(index: Int)
    /// `message_delta`: stop reason and cumulative usage.
    case messageDelta(MessageDelta)
    /// `message_stop`: the only proof the message is complete.
    case messageStop
    /// `ping`: keep-alive.
    case ping
    /// `error`: the API failed mid-stream.
    case error(APIErrorInfo)
    /// An event type tapedeck does not know, with its data as parsed.
    case unknown(type: String, json: JSONValue)
    /// Data that is not JSON, or lacks what its type requires.
    case malformed(type: String, data: String, reason: String)

    /// The event type as the API names it.
    public var type: String {
        switch self {
        case .messageStart: "message_start"
        case .contentBlockStart: "content_block_start"
        case .contentBlockDelta: "content_block_delta"
        case .contentBlockStop: "content_block_stop"
        case .messageDelta: "message_delta"
        case .messageStop: "message_stop"
        case .ping: "ping"
        case .error: "error"
        case .unknown(let type, _), .malformed(let type, _, _): type
        }
    }
}

/// The `message` of a `message_start` event: identity, starting usage, and the object as sent.
public struct MessageStart: Sendable, Hashable {
    /// `message.id`.
    public var id: String?
    /// `message.model`.
    public var model: String?
    /// `message.role`.
    public var role: String?
    /// `message.usage` (input and cache counts; `output_tokens` is usually 1 here).
    public var usage: Usage
    /// The `message` object exactly as received (the base of the assembled message's JSON).
    public var message: JSONObject

    /// Reads the `message` object.
    public init(message: JSONObject) {
        self.message = message
        id = message["id"]?.stringValue
        model = message["model"]?.stringValue
        role = message["role"]?.stringValue
        usage = Usage(message["usage"]?.objectValue ?? JSONObject())
    }
}

/// A `message_delta` event: how the message stopped and the cumulative usage.
public struct MessageDelta: Sendable, Hashable {
    /// `delta.stop_reason`, e.g. "end_turn", "tool_use", "max_tokens".
    public var stopReason: String?
    /// `delta.stop_sequence` when a stop sequence matched.
    public var stopSequence: String?
    /// `usage`: cumulative totals.
    public var usage: Usage?
    /// The `delta` object as received (keeps `stop_details`, `container` and future fields).
    public var delta: JSONObject

    /// Reads a `message_delta` event object.
    public init(event: JSONObject) {
        delta = event["delta"]?.objectValue ?? JSONObject()
        stopReason = delta["stop_reason"]?.stringValue
        stopSequence = delta["stop_sequence"]?.stringValue
        usage = event["usage"]?.objectValue.map(Usage.init)
    }
}

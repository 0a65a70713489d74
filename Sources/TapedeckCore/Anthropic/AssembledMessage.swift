/// The message as assembled from the events so far: a snapshot that is cheap to copy and keep.
///
/// A complete message has `isComplete` (message_stop seen); anything else is a partial response and
/// still holds everything that arrived.
public struct AssembledMessage: Sendable, Hashable {
    /// `message.id` from `message_start`.
    public var id: String?
    /// `message.model`.
    public var model: String?
    /// `message.role`.
    public var role: String?
    /// Content blocks in the order their `content_block_start` arrived, stored for cheap snapshots.
    public var blocks = AssembledBlockList()
    /// Latest `stop_reason` (from `message_delta`, else `message_start`).
    public var stopReason: String?
    /// Latest `stop_sequence`.
    public var stopSequence: String?
    /// Usage: `message_start`'s, with each `message_delta`'s cumulative counts merged in.
    public var usage = Usage()
    /// Whether `message_stop` was seen: the only proof of a complete message.
    public var isComplete = false
    /// The `error` event's error, if one arrived.
    public var error: APIErrorInfo?
    /// Everything out of the ordinary, in event order.
    public var diagnostics = AppendOnlyList<Diagnostic>()
    /// Number of events applied.
    public var eventCount = 0
    /// Index of the first `content_block_delta`: the time to first token is that event's arrival.
    public var firstContentDeltaEvent: Int?
    /// The `message` object of `message_start` as sent (nil until one arrives).
    public var messageStart: JSONObject?
    /// Message fields set by `message_delta`s as the SDK sets them (stop_reason, stop_sequence,
    /// stop_details, container).
    public var messageDeltaFields = JSONObject()
    /// Whether `finish(trailing:)` ran.
    public var isFinished = false
    /// Size of the unfinished event at the end of the stream, when there was one.
    public var trailingFragmentSize: Int?

    /// Creates an empty message.
    public init() {}

    /// Content blocks in the order their `content_block_start` arrived (O(blocks) to build; use
    /// `blocks[position]`, `blocks.count` or `blocks.last` on a per-event path).
    public var content: [AssembledBlock] {
        get { blocks.blocks }
        set { blocks = AssembledBlockList(newValue) }
    }

    /// Blocks not yet stopped.
    public var openBlocks: [AssembledBlock] { content.filter { !$0.isStopped } }

    /// How the stream ended as far as its events tell: complete, an error event, or truncated
    /// (no message_stop; while streaming this just means "not finished yet").
    public var streamOutcome: ExchangeOutcome {
        if isComplete { return .complete }
        if error != nil { return .errorEvent }
        return isFinished ? .upstreamDisconnect : .inProgress
    }

    /// The message in the API's shape, equal to the Python SDK's `get_final_message().to_dict()` for a
    /// complete stream: the `message_start` object, with content, the `message_delta` fields and the
    /// merged usage. For a partial stream, what was assembled so far.
    public func messageJSON() -> JSONValue {
        var object: JSONObject
        if let messageStart {
            object = messageStart
        } else {
            object = ["id": .null, "type": "message", "role": "assistant", "model": .null]
        }
        object["content"] = .array(content.map { .object($0.json()) })
        for (key, value) in messageDeltaFields { object[key] = value }
        if messageStart?["usage"] != nil || !usage.fields.isEmpty { object["usage"] = .object(usage.fields) }
        return .object(object)
    }
}

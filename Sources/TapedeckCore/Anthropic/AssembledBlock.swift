/// One content block as assembled so far: what the replayer shows and the exporters write.
///
/// Streamed text, thinking and tool input live in `GrowingText`, so copying a block (a snapshot) is
/// O(1) and appending to it stays amortised O(1) while snapshots are held.
public struct AssembledBlock: Sendable, Hashable {
    /// The block kinds tapedeck assembles; anything else is `unknown` and kept verbatim.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// `text`.
        case text
        /// `thinking`.
        case thinking
        /// `redacted_thinking`.
        case redactedThinking = "redacted_thinking"
        /// `tool_use`.
        case toolUse = "tool_use"
        /// `server_tool_use`.
        case serverToolUse = "server_tool_use"
        /// `web_search_tool_result`.
        case webSearchToolResult = "web_search_tool_result"
        /// Any other type.
        case unknown

        /// Whether `input_json_delta`s build this block's input.
        public var takesToolInput: Bool { self == .toolUse || self == .serverToolUse }
    }

    /// The outcome of parsing a tool's input once its block stopped.
    public enum FinalInput: Sendable, Hashable {
        /// Valid JSON.
        case valid(JSONValue)
        /// Not valid JSON; the reason names the byte offset (the raw text stays in `inputJSON`).
        case invalid(String)
    }

    /// The API's `index` for this block.
    public var index: Int
    /// `type` as sent.
    public var type: String
    /// The typed kind.
    public var kind: Kind
    /// The `content_block` object exactly as sent at `content_block_start`.
    public var start: JSONObject
    /// Event index of the `content_block_start`.
    public var startEventIndex: Int
    /// Event index of the `content_block_stop`, nil while open.
    public var stopEventIndex: Int?
    /// Number of deltas addressed to this block.
    public var deltaCount = 0
    /// Text of a text block or thinking of a thinking block (starting with what the start event held).
    public var textStorage: GrowingText
    /// The thinking block's signature (last `signature_delta`, else the start's).
    public var signature: String?
    /// Citations from `citations_delta`s, in order (after any the start carried).
    public var citations = AppendOnlyList<JSONValue>()
    /// The tool input exactly as streamed: all `partial_json` fragments concatenated.
    public var inputJSON = GrowingText()
    /// The strict parse of `inputJSON` at `content_block_stop` (tool blocks with streamed input only).
    public var finalInput: FinalInput?
    /// Deltas that were unknown or did not fit this block's type, kept verbatim in order.
    public var unappliedDeltas = AppendOnlyList<ContentDelta>()

    /// Creates a block from its start event.
    public init(index: Int, start: JSONObject, startEventIndex: Int) {
        self.index = index
        self.start = start
        self.startEventIndex = startEventIndex
        type = start["type"]?.stringValue ?? ""
        kind = Kind(rawValue: type) ?? .unknown
        switch kind {
        case .text: textStorage = GrowingText(start["text"]?.stringValue ?? "")
        case .thinking: textStorage = GrowingText(start["thinking"]?.stringValue ?? "")
        default: textStorage = GrowingText()
        }
        signature = start["signature"]?.stringValue
    }

    /// Whether `content_block_stop` arrived.
    public var isStopped: Bool { stopEventIndex != nil }

    /// The text of a text block (also the thinking of a thinking block).
    public var text: String { textStorage.string }

    /// The thinking of a thinking block.
    public var thinking: String { textStorage.string }

    /// Tool call id (`tool_use`, `server_tool_use`) or answered call (`web_search_tool_result`).
    public var toolUseID: String? { start["id"]?.stringValue ?? start["tool_use_id"]?.stringValue }

    /// Tool name of a tool call block.
    public var toolName: String? { start["name"]?.stringValue }

    /// `data` of a redacted_thinking block.
    public var redactedData: String? { start["data"]?.stringValue }

    /// Best-effort reading of the tool input so far, for display (parsed on each call, never throws).
    public var partialInput: PartialJSONResult { PartialJSON.parse(inputJSON.string) }

    /// The tool input: the final parse when valid, else the best-effort reading of what streamed,
    /// else the input sent at block start (`{}`).
    public var input: JSONValue? {
        if case .valid(let value) = finalInput { return value }
        if !inputJSON.isEmpty, let value = partialInput.value { return value }
        return start["input"]
    }

    /// The block in the API's message shape, as the Python SDK accumulates it: the start object with the
    /// streamed fields set. Unfinished tool input is read like the SDK's partial JSON (cut-off strings dropped).
    public func json() -> JSONObject {
        var object = start
        switch kind {
        case .text:
            if start.contains("text") || !textStorage.isEmpty { object["text"] = .string(text) }
            if !citations.isEmpty {
                object["citations"] = .array((start["citations"]?.arrayValue ?? []) + citations.elements)
            }
        case .thinking:
            if start.contains("thinking") || !textStorage.isEmpty { object["thinking"] = .string(thinking) }
            if let signature { object["signature"] = .string(signature) }
        case .toolUse, .serverToolUse:
            guard !inputJSON.isEmpty else { break }
            if case .valid(let value) = finalInput {
                object["input"] = value
            } else if let value = PartialJSON.parse(inputJSON.string, mode: .pythonSDK).value {
                object["input"] = value
            }
        case .redactedThinking, .webSearchToolResult, .unknown:
            break
        }
        return object
    }
}

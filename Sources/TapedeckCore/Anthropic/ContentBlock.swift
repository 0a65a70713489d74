/// The `content_block` of a `content_block_start` event, typed for the kinds tapedeck assembles;
/// any other type is kept verbatim so nothing the API sends is dropped.
public enum ContentBlock: Sendable, Hashable {
    /// `text`, with `citations` when the block carried them.
    case text(text: String, citations: [JSONValue]?)
    /// `thinking` with its `signature`.
    case thinking(thinking: String, signature: String)
    /// `redacted_thinking`: encrypted reasoning in `data`.
    case redactedThinking(data: String)
    /// `tool_use`: a client tool call.
    case toolUse(ToolUse)
    /// `server_tool_use`: a tool the API runs itself (web search, code execution).
    case serverToolUse(ToolUse)
    /// `web_search_tool_result`: kept raw (its content shape varies) plus the call it answers.
    case webSearchToolResult(toolUseID: String, raw: JSONObject)
    /// Any other block type, verbatim.
    case unknown(type: String, raw: JSONObject)

    /// The id, name and input of a tool call block.
    public struct ToolUse: Sendable, Hashable {
        /// `id`, e.g. "toolu_01...".
        public var id: String
        /// `name` of the tool.
        public var name: String
        /// `input` as sent at block start (the API sends `{}` and streams the real input as deltas).
        public var input: JSONValue

        /// Creates a tool call record.
        public init(id: String, name: String, input: JSONValue) {
            self.id = id
            self.name = name
            self.input = input
        }
    }

    /// Reads a block object; lenient: a missing string field reads as "" (the assembler reports problems).
    public init(json object: JSONObject) {
        let type = object["type"]?.stringValue ?? ""
        switch type {
        case "text":
            self = .text(text: object["text"]?.stringValue ?? "", citations: object["citations"]?.arrayValue)
        case "thinking":
            self = .thinking(
                thinking: object["thinking"]?.stringValue ?? "", signature: object["signature"]?.stringValue ?? "")
        case "redacted_thinking":
            self = .redactedThinking(data: object["data"]?.stringValue ?? "")
        case "tool_use", "server_tool_use":
            let tool = ToolUse(
                id: object["id"]?.stringValue ?? "", name: object["name"]?.stringValue ?? "",
                input: object["input"] ?? .object(JSONObject()))
            self = type == "tool_use" ? .toolUse(tool) : .serverToolUse(tool)
        case "web_search_tool_result":
            self = .webSearchToolResult(toolUseID: object["tool_use_id"]?.stringValue ?? "", raw: object)
        default:
            self = .unknown(type: type, raw: object)
        }
    }

    /// The block's `type` as the API names it.
    public var type: String {
        switch self {
        case .text: "text"
        case .thinking: "thinking"
        case .redactedThinking: "redacted_thinking"
        case .toolUse: "tool_use"
        case .serverToolUse: "server_tool_use"
        case .webSearchToolResult: "web_search_tool_result"
        case .unknown(let type, _): type
        }
    }

    /// The block in the API's JSON shape (raw blocks exactly as received).
    public var json: JSONObject {
        switch self {
        case .text(let text, let citations):
            var object: JSONObject = ["type": "text", "text": .string(text)]
            if let citations { object["citations"] = .array(citations) }
            return object
        case .thinking(let thinking, let signature):
            return ["type": "thinking", "thinking": .string(thinking), "signature": .string(signature)]
        case .redactedThinking(let data):
            return ["type": "redacted_thinking", "data": .string(data)]
        case .toolUse(let tool), .serverToolUse(let tool):
            return ["type": .string(type), "id": .string(tool.id), "name": .string(tool.name), "input": tool.input]
        case .webSearchToolResult(_, let raw), .unknown(_, let raw):
            return raw
        }
    }
}

extension ContentBlock: Codable {
    /// Decodes the API's block object.
    public init(from decoder: any Decoder) throws {
        self.init(json: try JSONObject(from: decoder))
    }

    /// Encodes the API's block object.
    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}

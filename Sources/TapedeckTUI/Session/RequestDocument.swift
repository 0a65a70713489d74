import TapedeckCore

/// What the Request pane shows for a turn: what the request sent that the previous turn had not (a user message,
/// tool results), then the system prompt and the tool list when asked for (`s`).
public enum RequestDocument {
    /// The pane content for `turn`, whose request body is `body`.
    public static func make(body: [UInt8], turn: SessionTurn, showsContext: Bool) -> PaneDocument {
        var document = PaneDocument()
        guard !body.isEmpty else {
            document.items.append(.line("no request body was recorded", .dim))
            return document
        }
        guard let request = try? JSONValue.parse(bytes: body), case .object = request else {
            document.items.append(.line("request body: \(body.count) bytes, not a JSON object", .warning))
            return document
        }
        let messages = request["messages"]?.arrayValue ?? []
        var header = "\(turn.newInput.count) new of \(messages.count) messages"
        if let model = request["model"]?.stringValue { header += " · \(model)" }
        if let maxTokens = request["max_tokens"]?.intValue { header += " · max_tokens \(maxTokens)" }
        document.items.append(.line(header, .dim))
        if turn.newInput.isEmpty {
            document.items.append(.line("(nothing new: the same messages as the previous turn)", .dim))
        }
        for message in turn.newInput { append(message: message, to: &document) }
        let system = systemText(request["system"])
        let tools = request["tools"]?.arrayValue ?? []
        if showsContext {
            document.items.append(.line("── system prompt (\(system.count) characters) ──", .bold))
            document.items.append(system.isEmpty ? .line("(none)", .dim) : .text(system, .plain))
            document.items.append(.line("── tools (\(tools.count)) ──", .bold))
            if tools.isEmpty { document.items.append(.line("(none)", .dim)) }
            for tool in tools {
                let name = tool["name"]?.stringValue ?? tool["type"]?.stringValue ?? "?"
                let description = tool["description"]?.stringValue.map { " — " + TurnInputSummary.oneLine($0) } ?? ""
                document.items.append(.text("• \(name)\(description)", .plain))
            }
        } else {
            document.items.append(
                .line("s: system prompt (\(system.count) characters) and \(tools.count) tools", .dim))
        }
        return document
    }

    private static func append(message: JSONValue, to document: inout PaneDocument) {
        let role = message["role"]?.stringValue ?? "?"
        document.items.append(.line("── \(role) ──", .bold))
        switch message["content"] {
        case .string(let text)?:
            document.items.append(.text(text, .plain))
        case .array(let blocks)?:
            for block in blocks { append(block: block, to: &document) }
        case let other?:
            document.items.append(.text(other.serialized(pretty: true), .plain))
        case nil:
            document.items.append(.line("(no content)", .dim))
        }
    }

    private static func append(block: JSONValue, to document: inout PaneDocument) {
        let type = block["type"]?.stringValue ?? "?"
        switch type {
        case "text":
            document.items.append(.text(block["text"]?.stringValue ?? "", .plain))
        case "tool_result":
            let failed = block["is_error"]?.boolValue == true
            let id = block["tool_use_id"]?.stringValue ?? ""
            document.items.append(.line("▸ tool_result \(id)\(failed ? " · is_error" : "")", failed ? .alert : .accent))
            switch block["content"] {
            case .string(let text)?: document.items.append(.text(text, .plain))
            case .array(let parts)?:
                for part in parts { append(block: part, to: &document) }
            default: break
            }
        case "tool_use":
            let name = block["name"]?.stringValue ?? "?"
            document.items.append(.line("▸ tool_use \(name) \(block["id"]?.stringValue ?? "")", .accent))
            document.items.append(.text((block["input"] ?? .null).serialized(), .plain))
        case "image", "document":
            let media = block["source"]?["media_type"]?.stringValue.map { " \($0)" } ?? ""
            document.items.append(.line("[\(type)\(media)]", .dim))
        default:
            document.items.append(.text(block.serialized(), .dim))
        }
    }

    /// The system prompt as text: a string, or its text blocks joined by blank lines.
    static func systemText(_ system: JSONValue?) -> String {
        switch system {
        case .string(let text)?: return text
        case .array(let blocks)?: return blocks.compactMap { $0["text"]?.stringValue }.joined(separator: "\n\n")
        default: return ""
        }
    }
}

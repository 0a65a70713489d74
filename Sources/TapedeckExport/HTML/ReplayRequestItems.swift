import TapedeckCore

/// The Request pane of a turn, as the session view's `i` shows it: what the request sent that the previous
/// turn had not, then (on `s`) the system prompt and the tool list, which are shared between turns in the page.
enum ReplayRequestItems {
    /// The new-input part of the pane for a turn whose request body is `body`.
    static func newInput(body: [UInt8], turn: SessionTurn) -> [PaneItem] {
        guard !body.isEmpty else { return [line(.dim, "no request body was recorded")] }
        guard let request = try? JSONValue.parse(bytes: body), case .object = request else {
            return [line(.warning, "request body: \(body.count) bytes, not a JSON object")]
        }
        let messages = request["messages"]?.arrayValue ?? []
        var header = "\(turn.newInput.count) new of \(messages.count) messages"
        if let model = request["model"]?.stringValue { header += " · \(model)" }
        if let maxTokens = request["max_tokens"]?.intValue { header += " · max_tokens \(maxTokens)" }
        var items = [line(.dim, header)]
        if turn.newInput.isEmpty {
            items.append(line(.dim, "(nothing new: the same messages as the previous turn)"))
        }
        for message in turn.newInput { append(message: message, to: &items) }
        return items
    }

    /// The system prompt and tools of a request (empty for a body that is not a JSON object).
    static func context(body: [UInt8]) -> [PaneItem] {
        guard let request = try? JSONValue.parse(bytes: body), case .object = request else { return [] }
        let system = systemText(request["system"])
        let tools = request["tools"]?.arrayValue ?? []
        var items = [line(.bold, "── system prompt (\(system.count) characters) ──")]
        items.append(system.isEmpty ? line(.dim, "(none)") : line(.plain, system))
        items.append(line(.bold, "── tools (\(tools.count)) ──"))
        if tools.isEmpty { items.append(line(.dim, "(none)")) }
        for tool in tools {
            let name = tool["name"]?.stringValue ?? tool["type"]?.stringValue ?? "?"
            let description = tool["description"]?.stringValue.map { " — " + TurnInputSummary.oneLine($0) } ?? ""
            items.append(line(.plain, "• \(name)\(description)"))
        }
        return items
    }

    /// The line that says what `s` adds.
    static func contextHint(body: [UInt8]) -> String {
        let request = try? JSONValue.parse(bytes: body)
        let system = systemText(request?["system"])
        let tools = request?["tools"]?.arrayValue ?? []
        return "s: system prompt (\(system.count) characters) and \(tools.count) tools"
    }

    private static func line(_ style: PaneItem.Style, _ text: String) -> PaneItem { PaneItem(.request, style, text) }

    private static func append(message: JSONValue, to items: inout [PaneItem]) {
        let role = message["role"]?.stringValue ?? "?"
        items.append(line(.bold, "── \(role) ──"))
        switch message["content"] {
        case .string(let text)?:
            items.append(line(.plain, text))
        case .array(let blocks)?:
            for block in blocks { append(block: block, to: &items) }
        case let other?:
            items.append(line(.plain, other.serialized(pretty: true)))
        case nil:
            items.append(line(.dim, "(no content)"))
        }
    }

    private static func append(block: JSONValue, to items: inout [PaneItem]) {
        let type = block["type"]?.stringValue ?? "?"
        switch type {
        case "text":
            items.append(line(.plain, block["text"]?.stringValue ?? ""))
        case "tool_result":
            let failed = block["is_error"]?.boolValue == true
            let id = block["tool_use_id"]?.stringValue ?? ""
            items.append(line(failed ? .alert : .accent, "▸ tool_result \(id)\(failed ? " · is_error" : "")"))
            switch block["content"] {
            case .string(let text)?: items.append(line(.plain, text))
            case .array(let parts)?:
                for part in parts { append(block: part, to: &items) }
            default: break
            }
        case "tool_use":
            let name = block["name"]?.stringValue ?? "?"
            items.append(line(.accent, "▸ tool_use \(name) \(block["id"]?.stringValue ?? "")"))
            items.append(line(.plain, (block["input"] ?? .null).serialized()))
        case "image", "document":
            let media = block["source"]?["media_type"]?.stringValue.map { " \($0)" } ?? ""
            items.append(line(.dim, "[\(type)\(media)]"))
        default:
            items.append(line(.dim, block.serialized()))
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

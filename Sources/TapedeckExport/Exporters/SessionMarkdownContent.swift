import TapedeckCore

/// How the session transcript writes message content: text as text, thinking quoted inside a collapsible
/// `<details>`, tool calls and tool results with their JSON, other blocks as JSON.
enum SessionMarkdownContent {
    /// Content as the API carries it in a request (a string or an array of blocks).
    static func write(_ content: JSONValue, into out: inout MarkdownWriter) {
        switch content {
        case .string(let text): out.paragraph(text)
        case .array(let blocks): for block in blocks { write(block: block, unfinished: false, into: &out) }
        default: out.fenced(content.serialized(pretty: true), language: "json")
        }
    }

    /// One content block in the API's JSON shape.
    static func write(block: JSONValue, unfinished: Bool, into out: inout MarkdownWriter) {
        let open = unfinished ? " (unfinished)" : ""
        switch block["type"]?.stringValue {
        case "text":
            if unfinished {
                out.line("_Text\(open):_")
                out.blank()
            }
            out.paragraph(block["text"]?.stringValue ?? "")
        case "thinking":
            thinking(block["thinking"]?.stringValue ?? "", summary: "Thinking\(open)", into: &out)
        case "redacted_thinking":
            let size = block["data"]?.stringValue?.utf8.count ?? 0
            out.line("_Redacted thinking\(open): \(size) bytes of encrypted thinking._")
            out.blank()
        case "tool_use", "server_tool_use":
            let kind = block["type"]?.stringValue == "tool_use" ? "Tool call" : "Server tool call"
            let id = block["id"]?.stringValue.map { " (`\($0)`)" } ?? ""
            out.line("**\(kind) `\(block["name"]?.stringValue ?? "?")`**\(id)\(open):")
            out.blank()
            out.fenced((block["input"] ?? .object([:])).serialized(pretty: true), language: "json")
        case "tool_result":
            let id = block["tool_use_id"]?.stringValue.map { " for `\($0)`" } ?? ""
            let error = block["is_error"]?.boolValue == true ? " (error)" : ""
            out.line("**Tool result**\(id)\(error):")
            out.blank()
            switch block["content"] {
            case .string(let text)?: out.fenced(text, language: "")
            case .array(let parts)?:
                for part in parts {
                    if part["type"]?.stringValue == "text", let text = part["text"]?.stringValue {
                        out.fenced(text, language: "")
                    } else if let media = mediaSummary(part) {
                        out.paragraph(media)
                    } else {
                        out.fenced(part.serialized(pretty: true), language: "json")
                    }
                }
            case nil:
                out.line("_(no content)_")
                out.blank()
            case let other?: out.fenced(other.serialized(pretty: true), language: "json")
            }
        case "image", "document":
            if let media = mediaSummary(block) {
                out.paragraph(media)
                return
            }
            fallthrough
        default:
            out.line("_`\(block["type"]?.stringValue ?? "block")` block\(open)_:")
            out.fenced(block.serialized(pretty: true), language: "json")
        }
    }

    /// A streamed answer's blocks, marking the ones the stream never finished; tool input that never became
    /// valid JSON is shown as it streamed.
    static func write(answer message: AssembledMessage, into out: inout MarkdownWriter) {
        for block in message.content {
            if block.kind.takesToolInput, case .invalid(let reason) = block.finalInput {
                out.line("**Tool call `\(block.toolName ?? "?")`** (input is not valid JSON: \(reason)); as streamed:")
                out.blank()
                out.fenced(block.inputJSON.string, language: "")
                continue
            }
            write(block: .object(block.json()), unfinished: !block.isStopped, into: &out)
        }
    }

    /// "_image (image/png, 48213 bytes of base64)_" for an image or document sent inline, so a transcript of a
    /// session with screenshots stays readable; nil for other blocks and for media sent by URL (shown as JSON).
    static func mediaSummary(_ block: JSONValue) -> String? {
        let type = block["type"]?.stringValue
        guard type == "image" || type == "document", let source = block["source"],
            source["type"]?.stringValue == "base64", let data = source["data"]?.stringValue
        else { return nil }
        let mediaType = source["media_type"]?.stringValue ?? "unknown type"
        return "_\(type ?? "media") (\(mediaType), \(data.utf8.count) bytes of base64)_"
    }

    /// Thinking quoted inside `<details>`, so a Markdown viewer shows it collapsed.
    static func thinking(_ text: String, summary: String, into out: inout MarkdownWriter) {
        out.line("<details><summary>\(summary)</summary>")
        out.blank()
        out.quote(text)
        out.line("</details>")
        out.blank()
    }
}

/// One line saying what a turn sent that was new: `user: "fix the test"`, `tool_result ×2`: the turn list of the
/// terminal's session view, of the HTML replay and of `replay --plain` all say it the same way.
public enum TurnInputSummary {
    /// The summary of a turn's new input messages; `quotesPrompts` false names a user's text without copying it.
    public static func line(_ newInput: [JSONValue], quotesPrompts: Bool = true) -> String {
        var toolResults = 0
        var failedResults = 0
        var userText: String?
        var other: String?
        for message in newInput {
            let role = message["role"]?.stringValue ?? "?"
            let blocks: [JSONValue]
            switch message["content"] {
            case .string(let text)?: blocks = [.object(JSONObject([("type", "text"), ("text", .string(text))]))]
            case .array(let list)?: blocks = list
            default: blocks = []
            }
            for block in blocks {
                let type = block["type"]?.stringValue ?? "?"
                if type == "tool_result" {
                    toolResults += 1
                    if block["is_error"]?.boolValue == true { failedResults += 1 }
                } else if type == "text", role == "user", userText == nil {
                    userText = block["text"]?.stringValue
                } else if other == nil {
                    other = "\(role): \(type)"
                }
            }
            if blocks.isEmpty, other == nil { other = "\(role): (empty)" }
        }
        var parts: [String] = []
        if toolResults > 0 {
            var part = toolResults == 1 ? "tool_result" : "tool_result ×\(toolResults)"
            if failedResults > 0 { part += " (\(failedResults) error)" }
            parts.append(part)
        }
        if let userText { parts.append(quotesPrompts ? "user: \"\(oneLine(userText))\"" : "user: text") }
        if parts.isEmpty, let other { parts.append(other) }
        return parts.isEmpty ? "(no new messages)" : parts.joined(separator: " + ")
    }

    /// The text with every run of whitespace (line breaks included) as one space.
    public static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    /// Short outcome for a turn row: `ok`, `529`, `error`, `cut`…
    public static func outcomeCode(_ summary: ExchangeSummary) -> String {
        switch summary.outcome {
        case .complete: "ok"
        case .nonStreaming: "json"
        case .inProgress: "…"
        case .httpError: summary.status.map(String.init) ?? "http"
        case .errorEvent: "error"
        case .upstreamDisconnect: "cut"
        case .clientDisconnect: "client"
        case .timeout: "timeout"
        case .upstreamUnreachable: "unreach"
        case .interrupted: "intr"
        }
    }

    /// "T3", "T2#2" for a second attempt, "2·T1" for the first turn of the session's second thread.
    public static func label(_ turn: SessionTurn) -> String {
        (turn.thread > 1 ? "\(turn.thread)·" : "") + "T\(turn.turn)" + (turn.attempt > 1 ? "#\(turn.attempt)" : "")
    }
}

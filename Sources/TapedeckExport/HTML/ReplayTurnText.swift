import TapedeckCore

/// A turn as the session view's turn list names it (the terminal replayer's `TurnInputSummary`, whose rows the
/// browser test compares): `T3 user: "fix the test"  ok`. Without prompts, a user message is named, not quoted.
enum ReplayTurnText {
    /// "T3", "T2#2" for a second attempt, "2·T1" for the first turn of the session's second thread.
    static func label(_ turn: SessionTurn) -> String {
        (turn.thread > 1 ? "\(turn.thread)·" : "") + "T\(turn.turn)" + (turn.attempt > 1 ? "#\(turn.attempt)" : "")
    }

    /// What the turn sent that was new, in a few words; `quotesPrompts` false never copies the user's text.
    static func input(_ newInput: [JSONValue], quotesPrompts: Bool) -> String {
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
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    /// Short outcome for a turn row: `ok`, `529`, `error`, `cut`…
    static func outcomeCode(_ summary: ExchangeSummary) -> String {
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
}

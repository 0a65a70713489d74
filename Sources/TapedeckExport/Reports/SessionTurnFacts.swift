import TapedeckCore

/// What `show` and the exports say about one turn of a session, computed once per exchange: the turn, its
/// exchange, the answer as content blocks, and the tool calls in it.
struct SessionTurnFacts {
    var turn: SessionTurn
    var exchange: RecordedExchange
    /// The assembled stream, for a streaming exchange.
    var message: AssembledMessage?
    /// The answer's content blocks as the API returned them (partial when cut), or nil.
    var answer: [JSONValue]?
    /// Names of the tools the answer called, in order.
    var toolCalls: [String]

    var summary: ExchangeSummary { exchange.summary }

    init(turn: SessionTurn, exchange: RecordedExchange) {
        self.turn = turn
        self.exchange = exchange
        if exchange.summary.isStreaming {
            let message = ExchangeAssembly.assemble(exchange)
            self.message = message
            answer = message.content.isEmpty ? nil : message.messageJSON()["content"]?.arrayValue
        } else {
            message = nil
            answer = ExchangeAssembly.plainBody(exchange)?["content"]?.arrayValue
        }
        toolCalls = (answer ?? []).compactMap { block in
            let type = block["type"]?.stringValue
            guard type == "tool_use" || type == "server_tool_use" else { return nil }
            return block["name"]?.stringValue ?? "?"
        }
    }

    /// Every turn of `session`, in exchange order.
    static func all(_ session: RecordedSession) -> [SessionTurnFacts] {
        session.turns.map { SessionTurnFacts(turn: $0, exchange: session.exchanges[$0.exchangeIndex]) }
    }

    /// "1.2", or "1.2#2" for a second attempt.
    var position: String { Self.position(turn) }

    /// "1.2", or "1.2#2" for a second attempt.
    static func position(_ turn: SessionTurn) -> String {
        "\(turn.thread).\(turn.turn)" + (turn.attempt > 1 ? "#\(turn.attempt)" : "")
    }

    /// The new input in a few words: `user: "What is…"`, `tool_result ×2`.
    var inputText: String { Self.inputText(turn.newInput, limit: 48) }

    /// A one-line description of `messages`: each message's role and its first text, or its block types.
    static func inputText(_ messages: [JSONValue], limit: Int) -> String {
        guard !messages.isEmpty else { return "-" }
        let parts = messages.map { message -> String in
            let role = message["role"]?.stringValue ?? "?"
            switch message["content"] {
            case .string(let text)?:
                return "\(role): \"\(clipped(text, to: limit))\""
            case .array(let blocks)?:
                if let text = blocks.first(where: { $0["type"]?.stringValue == "text" })?["text"]?.stringValue,
                    blocks.count == 1
                {
                    return "\(role): \"\(clipped(text, to: limit))\""
                }
                var counts: [(String, Int)] = []
                for block in blocks {
                    let type = block["type"]?.stringValue ?? "block"
                    if let position = counts.firstIndex(where: { $0.0 == type }) {
                        counts[position].1 += 1
                    } else {
                        counts.append((type, 1))
                    }
                }
                return "\(role): " + counts.map { $0.1 > 1 ? "\($0.0) ×\($0.1)" : $0.0 }.joined(separator: ", ")
            default:
                return role
            }
        }
        return parts.joined(separator: "; ")
    }

    /// `text` on one line, cut to `limit` characters with an ellipsis.
    static func clipped(_ text: String, to limit: Int) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count <= limit ? line : String(line.prefix(limit - 1)) + "…"
    }
}

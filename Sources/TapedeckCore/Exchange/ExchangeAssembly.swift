/// Re-assembles a recorded exchange's events into the message, the one step every exporter and
/// `show` and the session grouping share.
public enum ExchangeAssembly {
    /// The assembled message of `exchange` (events in order, then the trailing fragment). A response that was
    /// not an event stream gets no stream diagnostics: a JSON 529 has no `message_stop` to miss.
    public static func assemble(_ exchange: RecordedExchange) -> AssembledMessage {
        var assembler = MessageAssembler()
        guard exchange.summary.isStreaming || !exchange.events.isEmpty else { return assembler.message }
        var offset = 0
        for event in exchange.events {
            assembler.apply(SSEEvent(event: event.type, data: event.data, raw: event.raw, offset: offset))
            offset += event.raw.count
        }
        let trailing =
            exchange.summary.isStreaming && !exchange.trailingBytes.isEmpty
            ? SSETrailingFragment(raw: exchange.trailingBytes, offset: offset) : nil
        assembler.finish(trailing: trailing)
        return assembler.message
    }

    /// The body of a non-streaming response as JSON, when it is JSON.
    public static func plainBody(_ exchange: RecordedExchange) -> JSONValue? {
        guard !exchange.summary.isStreaming, !exchange.trailingBytes.isEmpty else { return nil }
        return try? JSONValue.parse(bytes: exchange.trailingBytes)
    }

    /// The answer's content blocks as the API returned them (what a client re-sends in its next request), or nil
    /// when no message came back.
    public static func answerContent(_ exchange: RecordedExchange) -> JSONValue? {
        if exchange.summary.isStreaming {
            let message = assemble(exchange)
            return message.content.isEmpty ? nil : message.messageJSON()["content"]
        }
        return plainBody(exchange)?["content"]
    }
}

import TapedeckCore

/// Re-assembles a recorded session's events into the message, the one step every exporter and
/// `show` shares.
public enum SessionAssembly {
    /// The assembled message of `session` (events in order, then the trailing fragment).
    public static func assemble(_ session: RecordedSession) -> AssembledMessage {
        var assembler = MessageAssembler()
        var offset = 0
        for event in session.events {
            assembler.apply(SSEEvent(event: event.type, data: event.data, raw: event.raw, offset: offset))
            offset += event.raw.count
        }
        let trailing =
            session.summary.isStreaming && !session.trailingBytes.isEmpty
            ? SSETrailingFragment(raw: session.trailingBytes, offset: offset) : nil
        assembler.finish(trailing: trailing)
        return assembler.message
    }

    /// The body of a non-streaming response as JSON, when it is JSON.
    public static func plainBody(_ session: RecordedSession) -> JSONValue? {
        guard !session.summary.isStreaming, !session.trailingBytes.isEmpty else { return nil }
        return try? JSONValue.parse(bytes: session.trailingBytes)
    }
}

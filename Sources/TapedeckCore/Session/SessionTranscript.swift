/// The conversation a session ends with, as the API would see it after the last turn: what a session's
/// `export --format json` writes as its message list, and what tells the main thread from side requests.
public enum SessionTranscript {
    /// The thread number (as in `SessionTurn.thread`) of the main conversation: the thread with the most turns,
    /// the first one on a tie (side requests such as title generation are short); nil for an empty session.
    public static func mainThread(_ session: RecordedSession) -> Int? {
        var counts: [Int: Int] = [:]
        for turn in session.turns { counts[turn.thread, default: 0] += 1 }
        return counts.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key
    }

    /// The index in `session.exchanges` of the main thread's last exchange (its latest attempt), or nil.
    public static func finalExchangeIndex(_ session: RecordedSession) -> Int? {
        guard let thread = mainThread(session) else { return nil }
        return session.turns.last { $0.thread == thread }?.exchangeIndex
    }

    /// The main thread's last request messages followed by its answer as an assistant message (partial when the
    /// answer was cut; absent when none came back): the full message list at the end of the session.
    public static func finalMessages(_ session: RecordedSession) -> [JSONValue] {
        guard let index = finalExchangeIndex(session) else { return [] }
        let exchange = session.exchanges[index]
        var messages = (try? JSONValue.parse(bytes: exchange.summary.requestBody))?["messages"]?.arrayValue ?? []
        if let content = ExchangeAssembly.answerContent(exchange) {
            messages.append(.object(["role": .string("assistant"), "content": content]))
        }
        return messages
    }
}

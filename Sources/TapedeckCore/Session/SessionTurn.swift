/// One exchange of a session seen as a turn of its thread: what it sent that was new, and the wait before it.
public struct SessionTurn: Sendable, Hashable {
    /// Position of the exchange in `RecordedSession.exchanges`.
    public var exchangeIndex: Int
    /// The exchange's id.
    public var exchangeID: String
    /// 1-based number of its thread in the session, in order of first appearance (1 is the first thread).
    public var thread: Int
    /// 1-based turn within the thread.
    public var turn: Int
    /// 1 for a first attempt, n for the n-th attempt of a retried request.
    public var attempt: Int
    /// The messages this request sent that its thread's previous turn had not (a user message or tool
    /// results); for a thread's first turn, the messages after the last assistant message (or all of them).
    public var newInput: [JSONValue]
    /// Time from the end of the previous exchange in the session to this request (tools, a person); nil first.
    public var gapBeforeNanos: Int64?
}

/// Turn-by-turn structure of a session's exchanges, from their grouping columns and request bodies.
public enum SessionTurns {
    /// The turns of `exchanges` (in start order), one per exchange.
    public static func build(_ exchanges: [RecordedExchange]) -> [SessionTurn] {
        var threadNumbers: [String: Int] = [:]
        var messageCounts: [String: Int] = [:]
        var turns: [SessionTurn] = []
        var previousEnd: Int64?
        turns.reserveCapacity(exchanges.count)
        for (index, exchange) in exchanges.enumerated() {
            let summary = exchange.summary
            let threadKey = summary.threadID ?? summary.id
            let thread = threadNumbers[threadKey] ?? (threadNumbers.count + 1)
            threadNumbers[threadKey] = thread
            let messages = (try? JSONValue.parse(bytes: summary.requestBody))?["messages"]?.arrayValue ?? []
            messageCounts[summary.id] = messages.count
            let parentCount = summary.continues.flatMap { messageCounts[$0] }
            let start = summary.startedAtNanos
            turns.append(
                SessionTurn(
                    exchangeIndex: index, exchangeID: summary.id, thread: thread, turn: summary.turn ?? 1,
                    attempt: summary.attempt, newInput: newMessages(messages, parentMessageCount: parentCount),
                    gapBeforeNanos: previousEnd.map { max(0, start - $0) }))
            let end = start &+ max(0, summary.durationNanos ?? 0)
            previousEnd = max(previousEnd ?? end, end)
        }
        return turns
    }

    /// The messages of a request that are new: after the parent's messages and its answer when the parent is
    /// known, else after the last assistant message.
    public static func newMessages(_ messages: [JSONValue], parentMessageCount: Int?) -> [JSONValue] {
        if let parentMessageCount, parentMessageCount + 1 <= messages.count {
            return Array(messages[(parentMessageCount + 1)...])
        }
        if let lastAssistant = messages.lastIndex(where: { $0["role"]?.stringValue == "assistant" }) {
            return Array(messages[(lastAssistant + 1)...])
        }
        return messages
    }
}

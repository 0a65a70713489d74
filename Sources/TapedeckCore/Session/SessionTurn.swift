import Foundation

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
    /// Time from the end of the previous exchange in the session to this request (tools, a person); nil first.
    public var gapBeforeNanos: Int64?
    /// Reads the request body when `newInput` is first asked for: opening a long session parses no body.
    let input: TurnInput

    /// The messages this request sent that its thread's previous turn had not (a user message or tool
    /// results); for a thread's first turn, the messages after the last assistant message (or all of them).
    public var newInput: [JSONValue] { input.newMessages }

    /// The request body as sent (read on demand when the session was loaded without bodies).
    public var requestBody: [UInt8] { input.body() }

    public static func == (lhs: SessionTurn, rhs: SessionTurn) -> Bool {
        lhs.exchangeIndex == rhs.exchangeIndex && lhs.exchangeID == rhs.exchangeID && lhs.thread == rhs.thread
            && lhs.turn == rhs.turn && lhs.attempt == rhs.attempt && lhs.gapBeforeNanos == rhs.gapBeforeNanos
            && lhs.newInput == rhs.newInput
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(exchangeID)
        hasher.combine(exchangeIndex)
    }
}

/// A turn's request messages, parsed once on first use and shared by copies of the turn (a session of
/// 1,000 agent turns holds about 100 MB of request bodies; the turn list shows a screenful of them).
///
/// `@unchecked Sendable`: the cache is only read and written under `lock`; the rest is immutable.
final class TurnInput: @unchecked Sendable {
    /// The request body, from the exchange in memory or read from the store on demand.
    let body: @Sendable () -> [UInt8]
    /// The turn this request continues (the parent's request plus its answer start this one), if known.
    private let parent: TurnInput?
    private let lock = NSLock()
    private var messages: [JSONValue]?
    private var cachedNew: [JSONValue]?

    init(body: @escaping @Sendable () -> [UInt8], parent: TurnInput?) {
        self.body = body
        self.parent = parent
    }

    /// The request's `messages` (empty when the body is not a Messages request).
    var allMessages: [JSONValue] {
        lock.lock()
        defer { lock.unlock() }
        if let messages { return messages }
        let parsed = (try? JSONValue.parse(bytes: body()))?["messages"]?.arrayValue ?? []
        messages = parsed
        return parsed
    }

    /// See `SessionTurn.newInput`.
    var newMessages: [JSONValue] {
        lock.lock()
        if let cachedNew {
            lock.unlock()
            return cachedNew
        }
        lock.unlock()
        let result = SessionTurns.newMessages(allMessages, parentMessageCount: parent?.allMessages.count)
        lock.lock()
        cachedNew = result
        lock.unlock()
        return result
    }
}

/// Turn-by-turn structure of a session's exchanges, from their grouping columns (no body is parsed here).
public enum SessionTurns {
    /// The turns of `exchanges` (in start order), one per exchange. With `requestBodies`, a turn reads its
    /// request body from it (by exchange id) when first needed, for sessions loaded without their bodies.
    public static func build(
        _ exchanges: [RecordedExchange], requestBodies: (@Sendable (String) -> [UInt8])? = nil
    ) -> [SessionTurn] {
        var threadNumbers: [String: Int] = [:]
        var inputs: [String: TurnInput] = [:]
        var turns: [SessionTurn] = []
        var previousEnd: Int64?
        turns.reserveCapacity(exchanges.count)
        for (index, exchange) in exchanges.enumerated() {
            let summary = exchange.summary
            let threadKey = summary.threadID ?? summary.id
            let thread = threadNumbers[threadKey] ?? (threadNumbers.count + 1)
            threadNumbers[threadKey] = thread
            let id = summary.id
            let inMemory = summary.requestBody
            let body: @Sendable () -> [UInt8]
            if let requestBodies {
                body = { requestBodies(id) }
            } else {
                body = { inMemory }
            }
            let input = TurnInput(body: body, parent: summary.continues.flatMap { inputs[$0] })
            inputs[summary.id] = input
            let start = summary.startedAtNanos
            turns.append(
                SessionTurn(
                    exchangeIndex: index, exchangeID: summary.id, thread: thread, turn: summary.turn ?? 1,
                    attempt: summary.attempt, gapBeforeNanos: previousEnd.map { max(0, start - $0) }, input: input))
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

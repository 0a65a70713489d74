import Foundation
import TapedeckCore

/// Puts exchanges into sessions inside a write transaction: Core's grouping rules plus the `sessions` rows.
/// The recorder's writer keeps one for the life of the recorder; `regroup` makes one per run. Keyed sessions are
/// found in the database (so recorders writing to one server share them); what infers a session from a
/// conversation's prefix lives here, per recorder.
package struct SessionAssigner {
    private var grouper = SessionGrouper()
    private let configuredKey: SessionKey?
    /// Prefix digests of exchanges still open, dropped when they finish.
    private var conversations: [String: RequestConversation] = [:]

    /// Ids to give keyed sessions that are not stored yet (`regroup` keeps a Claude Code session's id).
    private let keepingIDs: [String: String]

    /// A grouper for exchanges without a key of their own under `configuredKey` (nil groups them by conversation).
    package init(configuredKey: SessionKey?, keepingIDs: [String: String] = [:]) {
        self.configuredKey = configuredKey
        self.keepingIDs = keepingIDs
    }

    /// Sets the session, thread, turn and parent of `record` (not yet written) and creates or touches its session.
    /// `body` is the parsed request body (nil when it is not JSON).
    mutating func assign(
        _ record: inout ExchangeRecord, headers: [HeaderField], body: JSONValue?, in transaction: any StoreTransaction
    ) throws {
        let conversation = RequestConversation(body: body)
        let key = SessionKey.carried(by: headers, body: body) ?? configuredKey
        let stored = try key.flatMap { key in
            try transaction.sessionID(forKey: key.value) ?? keepingIDs[key.value]
        }
        let assignment = grouper.assign(
            GroupingRequest(
                exchangeID: record.id, startedAtNanos: record.startedAtNs, conversation: conversation, key: key,
                storedSessionForKey: stored, retryOf: record.retryOf))
        try touchOrCreate(assignment, startedAtNanos: record.startedAtNs, headers: headers, in: transaction)
        record.sessionId = assignment.sessionID
        record.threadId = assignment.threadID
        record.turn = assignment.turn
        record.continues = assignment.continues
        if let conversation { conversations[record.id] = conversation }
    }

    /// Remembers an exchange grouped before (`record`), so the exchanges grouped now can continue its thread.
    mutating func recall(_ exchange: RecordedExchange) {
        let summary = exchange.summary
        guard let sessionID = summary.sessionID else { return }
        grouper.recall(
            summary.id, sessionID: sessionID, threadID: summary.threadID ?? summary.id, turn: summary.turn ?? 1,
            startedAtNanos: summary.startedAtNanos,
            conversation: RequestConversation(body: try? JSONValue.parse(bytes: summary.requestBody)),
            answer: ExchangeAssembly.answerContent(exchange))
    }

    /// Tells the rules exchange `id` ended with `answer`; moves it when its conversation's previous answer was
    /// recorded only after it began (and removes the session it had started, now empty).
    mutating func finished(_ id: String, answer: JSONValue?, in transaction: any StoreTransaction) throws {
        let conversation = conversations.removeValue(forKey: id)
        guard let corrected = grouper.finished(id, conversation: conversation, answer: answer) else { return }
        let placement = try transaction.placement(of: id)
        let previous = placement?.sessionID
        try transaction.place(
            id, session: corrected.sessionID, thread: corrected.threadID, turn: corrected.turn,
            continues: corrected.continues)
        try touchOrCreate(corrected, startedAtNanos: placement?.startedAtNanos ?? 0, headers: [], in: transaction)
        if let previous, previous != corrected.sessionID { try transaction.deleteSessionIfEmpty(previous) }
    }

    private func touchOrCreate(
        _ assignment: SessionAssignment, startedAtNanos: Int64, headers: [HeaderField],
        in transaction: any StoreTransaction
    ) throws {
        if !assignment.isNewSession, try transaction.touchSession(assignment.sessionID, lastAtNanos: startedAtNanos) {
            return
        }
        let summary = SessionSummary(
            id: assignment.sessionID, key: assignment.key?.value, grouping: assignment.grouping,
            client: ClientName.describe(headers), startedAtNanos: startedAtNanos)
        try transaction.insertSessionIfAbsent(summary)
    }
}

extension SessionAssigner {
    /// Groups the exchanges without a session, oldest first; `keepingIDs` maps session keys to the ids they had.
    /// Exchanges grouped before them (an earlier import, a recorder run) can be continued by them: the grouper
    /// recalls the latest ones of the window before the first ungrouped exchange (at most 1,000).
    package static func groupUngrouped(
        in transaction: any StoreTransaction, keepingIDs: [String: String] = [:]
    ) throws {
        let ids = try transaction.ungroupedExchangeIDs()
        guard let first = ids.first else { return }
        var assigner = SessionAssigner(configuredKey: nil, keepingIDs: keepingIDs)
        if let firstStart = try transaction.placement(of: first)?.startedAtNanos {
            let earlier = try transaction.groupedExchangeIDs(
                from: firstStart &- SessionGrouper().windowNanos, to: firstStart, limit: 1000)
            for id in earlier.reversed() {
                if let exchange = try transaction.recorded(id) { assigner.recall(exchange) }
            }
        }
        for id in ids {
            guard let exchange = try transaction.recorded(id) else { continue }
            let summary = exchange.summary
            var record = ExchangeRecord(summary)
            try assigner.assign(
                &record, headers: summary.requestHeaders, body: try? JSONValue.parse(bytes: summary.requestBody),
                in: transaction)
            try transaction.place(
                id, session: record.sessionId, thread: record.threadId, turn: record.turn, continues: record.continues)
            try assigner.finished(id, answer: ExchangeAssembly.answerContent(exchange), in: transaction)
        }
    }
}

import Foundation
import GRDB
import TapedeckCore

/// Puts exchanges into sessions inside a write transaction: Core's grouping rules plus the `sessions` rows.
/// The recorder's writer keeps one for the life of the recorder; `regroup` makes one per run.
struct SessionAssigner {
    private var grouper = SessionGrouper()
    private let configuredKey: SessionKey?
    /// Prefix digests of exchanges still open, dropped when they finish.
    private var conversations: [String: RequestConversation] = [:]

    /// Ids to give keyed sessions that are not stored yet (`regroup` keeps a Claude Code session's id).
    private let keepingIDs: [String: String]

    init(configuredKey: SessionKey?, keepingIDs: [String: String] = [:]) {
        self.configuredKey = configuredKey
        self.keepingIDs = keepingIDs
    }

    /// Sets the session, thread, turn and parent of `record` (not yet written) and creates or touches its session.
    /// `body` is the parsed request body (nil when it is not JSON).
    mutating func assign(_ record: inout ExchangeRecord, headers: [HeaderField], body: JSONValue?, db: Database) throws
    {
        let conversation = RequestConversation(body: body)
        let key = SessionKey.carried(by: headers, body: body) ?? configuredKey
        let stored = try key.flatMap { key in
            try String.fetchOne(db, sql: "SELECT id FROM sessions WHERE key = ?", arguments: [key.value])
                ?? keepingIDs[key.value]
        }
        let assignment = grouper.assign(
            GroupingRequest(
                exchangeID: record.id, startedAtNanos: record.startedAtNs, conversation: conversation, key: key,
                storedSessionForKey: stored, retryOf: record.retryOf))
        try touchOrCreate(assignment, startedAtNanos: record.startedAtNs, headers: headers, db: db)
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
    mutating func finished(_ id: String, answer: JSONValue?, db: Database) throws {
        let conversation = conversations.removeValue(forKey: id)
        guard let corrected = grouper.finished(id, conversation: conversation, answer: answer) else { return }
        let record = try ExchangeRecord.fetchOne(db, key: id)
        let previous = record?.sessionId
        try ExchangeRecord.place(
            id, session: corrected.sessionID, thread: corrected.threadID, turn: corrected.turn,
            continues: corrected.continues, db)
        try touchOrCreate(corrected, startedAtNanos: record?.startedAtNs ?? 0, headers: [], db: db)
        if let previous, previous != corrected.sessionID {
            try db.execute(
                sql: "DELETE FROM sessions WHERE id = ? AND NOT EXISTS (SELECT 1 FROM exchanges WHERE session_id = ?)",
                arguments: [previous, previous])
        }
    }

    private func touchOrCreate(
        _ assignment: SessionAssignment, startedAtNanos: Int64, headers: [HeaderField], db: Database
    ) throws {
        if !assignment.isNewSession {
            try db.execute(
                sql: "UPDATE sessions SET last_at_ns = MAX(last_at_ns, ?) WHERE id = ?",
                arguments: [startedAtNanos, assignment.sessionID])
            if db.changesCount > 0 { return }
        }
        let summary = SessionSummary(
            id: assignment.sessionID, key: assignment.key?.value, grouping: assignment.grouping,
            client: ClientName.describe(headers), startedAtNanos: startedAtNanos)
        try SessionRecord(summary).insert(db, onConflict: .ignore)
    }
}

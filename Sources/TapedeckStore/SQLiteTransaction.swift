import Foundation
import GRDB
import TapedeckCore

/// `StoreTransaction` on an SQLite write transaction (GRDB), for the recorder, imports and `regroup`.
struct SQLiteTransaction: StoreTransaction {
    /// The connection inside its transaction.
    let db: Database

    var wasRolledBack: Bool { !db.isInsideTransaction }

    private static let retryCandidateSQL = """
        SELECT id, attempt, outcome FROM exchanges
        WHERE request_body_sha256 = ? AND method = ? AND path = ? AND id != ?
          AND started_at_ns >= ? AND started_at_ns <= ?
        ORDER BY started_at_ns DESC, id DESC LIMIT 1
        """

    /// Renumbers the attempts of every exchange after `?` in its chain.
    private static let renumberSQL = """
        WITH RECURSIVE chain(id, attempt, depth) AS (
            SELECT id, attempt, 0 FROM exchanges WHERE id = ?
            UNION
            SELECT s.id, chain.attempt + 1, chain.depth + 1 FROM exchanges s JOIN chain ON s.retry_of = chain.id
            WHERE chain.depth < 10000
        )
        UPDATE exchanges SET attempt = (SELECT chain.attempt FROM chain WHERE chain.id = exchanges.id)
        WHERE id IN (SELECT id FROM chain WHERE depth > 0)
        """

    func retryCandidate(
        sha256: String, method: String, path: String, excludingID: String, from: Int64, to: Int64
    ) throws -> RetryCandidate? {
        let row = try Row.fetchOne(
            db, sql: Self.retryCandidateSQL, arguments: [sha256, method, path, excludingID, from, to])
        return row.map { RetryCandidate(id: $0["id"], attempt: $0["attempt"], outcome: $0["outcome"]) }
    }

    func insertExchange(_ record: ExchangeRecord) throws { try record.insert(db) }

    func insertEvents(_ events: [RecordedEvent], exchangeID: String, failed: (any Error) -> Void) throws -> Int {
        let inserter = try EventInserter(db)
        var written = 0
        for event in events {
            do {
                try inserter.insert(exchangeID: exchangeID, event: event)
                written += 1
            } catch {
                // An event the statement refused is refused alone; one that ended the transaction ends the batch.
                if wasRolledBack { throw error }
                failed(error)
            }
        }
        return written
    }

    /// One prepared UPDATE for an exchange's progress (GRDB's `updateAll` built and parsed its SQL on every call).
    private static let progressSQL = """
        UPDATE exchanges SET status = ?, response_headers = ?, is_streaming = ?, model = ?, stop_reason = ?,
          outcome = ?, first_byte_ns = ?, ttft_ns = ?, duration_ns = ?, input_tokens = ?, output_tokens = ?,
          cache_creation_input_tokens = ?, cache_read_input_tokens = ?, event_count = ?, error_type = ?,
          error_message = ?, dropped_events = ?, note = ?
        WHERE id = ?
        """

    func updateProgress(_ progress: ExchangeProgress) throws {
        let summary = progress.summary
        let arguments: StatementArguments = [
            summary.status, HeaderCoding.encode(summary.responseHeaders), summary.isStreaming, summary.model,
            summary.stopReason, summary.outcome.rawValue, summary.firstByteNanos, summary.ttftNanos,
            summary.durationNanos, summary.inputTokens, summary.outputTokens, summary.cacheCreationInputTokens,
            summary.cacheReadInputTokens, summary.eventCount, summary.errorType, summary.errorMessage,
            progress.droppedEvents, progress.note, summary.id,
        ]
        try db.cachedStatement(sql: Self.progressSQL).execute(arguments: arguments)
        if let trailing = progress.trailing {
            try TrailingBytesUpdate.run(trailing.bytes, offsetNanos: trailing.offsetNanos, id: summary.id, db)
        }
    }

    func addDroppedEvents(_ count: Int, exchangeID: String) throws {
        try ExchangeRecord.filter(key: exchangeID).updateAll(
            db, ExchangeRecord.Columns.droppedEvents += count)
    }

    func linkRetries(_ later: [String], to earlier: String) throws {
        for id in later {
            try db.execute(
                sql: "UPDATE exchanges SET retry_of = ? WHERE id = ? AND retry_of IS NULL", arguments: [earlier, id])
        }
        try db.execute(sql: Self.renumberSQL, arguments: [earlier])
    }

    func sessionID(forKey key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT id FROM sessions WHERE key = ?", arguments: [key])
    }

    func touchSession(_ id: String, lastAtNanos: Int64) throws -> Bool {
        try db.execute(
            sql: "UPDATE sessions SET last_at_ns = MAX(last_at_ns, ?) WHERE id = ?", arguments: [lastAtNanos, id])
        return db.changesCount > 0
    }

    func insertSessionIfAbsent(_ summary: SessionSummary) throws {
        try SessionRecord(summary).insert(db, onConflict: .ignore)
    }

    func placement(of id: String) throws -> (sessionID: String?, startedAtNanos: Int64)? {
        try Row.fetchOne(db, sql: "SELECT session_id, started_at_ns FROM exchanges WHERE id = ?", arguments: [id])
            .map { ($0["session_id"], $0["started_at_ns"]) }
    }

    func place(_ id: String, session: String?, thread: String?, turn: Int?, continues: String?) throws {
        try ExchangeRecord.place(id, session: session, thread: thread, turn: turn, continues: continues, db)
    }

    func deleteSessionIfEmpty(_ id: String) throws {
        try db.execute(
            sql: "DELETE FROM sessions WHERE id = ? AND NOT EXISTS (SELECT 1 FROM exchanges WHERE session_id = ?)",
            arguments: [id, id])
    }

    private static let continuationSQL = "UPDATE exchanges SET continuation_digest = ? WHERE id = ?"

    func setContinuation(_ id: String, digest: ConversationDigest) throws {
        try db.cachedStatement(sql: Self.continuationSQL).execute(arguments: [Int64(digest.value), id])
    }

    /// The digests come as one JSON array (`json_each`), so a conversation of any length is one statement.
    private static let candidatesSQL = """
        SELECT id, session_id, thread_id, turn, started_at_ns, continuation_digest FROM exchanges
        WHERE continuation_digest IN (SELECT value FROM json_each(?)) AND started_at_ns >= ?
          AND session_id IS NOT NULL AND session_id = coalesce(?, session_id)
        ORDER BY started_at_ns DESC, id DESC LIMIT ?
        """

    func continuationCandidates(
        digests: [ConversationDigest], since: Int64, session: String?, limit: Int
    ) throws -> [StoredContinuation] {
        guard !digests.isEmpty else { return [] }
        let list = "[" + digests.map { String(Int64($0.value)) }.joined(separator: ",") + "]"
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: Self.candidatesSQL), arguments: [list, since, session, limit])
        return rows.map { row in
            let id: String = row["id"]
            return StoredContinuation(
                id: id, sessionID: row["session_id"], threadID: row["thread_id"] ?? id, turn: row["turn"] ?? 1,
                startedAtNanos: row["started_at_ns"],
                digest: ConversationDigest(value: Int(row["continuation_digest"] as Int64)))
        }
    }

    func ungroupedExchangeIDs() throws -> [String] {
        try String.fetchAll(db, sql: "SELECT id FROM exchanges WHERE session_id IS NULL ORDER BY started_at_ns, id")
    }

    func groupedExchangeIDs(from: Int64, to: Int64, limit: Int) throws -> [String] {
        try String.fetchAll(
            db,
            sql: """
                SELECT id FROM exchanges WHERE session_id IS NOT NULL AND started_at_ns <= ? AND started_at_ns >= ?
                ORDER BY started_at_ns DESC, id DESC LIMIT ?
                """, arguments: [to, from, limit])
    }

    func recorded(_ id: String) throws -> RecordedExchange? {
        try ExchangeRecord.fetchOne(db, key: id)?.recorded(db)
    }
}

import Foundation
import GRDB
import TapedeckCore

extension TapedeckStore {
    /// Every column of `exchanges` but the bodies and headers: what session figures need, at a fraction of the I/O.
    static let exchangeFactsColumns = """
        id, started_at_ns, method, path, query, '[]' AS request_headers, x'' AS request_body, request_body_sha256,
        status, '[]' AS response_headers, is_streaming, model, stop_reason, outcome, first_byte_ns, ttft_ns,
        duration_ns, input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens, event_count,
        error_type, error_message, retry_of, attempt, dropped_events, note, x'' AS trailing_bytes, trailing_offset_ns,
        session_id, thread_id, turn, continues
        """

    /// Every column of `exchanges` but the request body.
    static let exchangeColumnsWithoutBody = """
        id, started_at_ns, method, path, query, request_headers, x'' AS request_body, request_body_sha256,
        status, response_headers, is_streaming, model, stop_reason, outcome, first_byte_ns, ttft_ns,
        duration_ns, input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens, event_count,
        error_type, error_message, retry_of, attempt, dropped_events, note, trailing_bytes, trailing_offset_ns,
        session_id, thread_id, turn, continues
        """

    /// Sessions holding at least one exchange that matches `filter` (outcome, model, time), newest first (or
    /// oldest first), with the figures of all their exchanges; `filter.limit` counts sessions.
    public func sessions(_ filter: ExchangeFilter = .all) throws(StoreError) -> [SessionListing] {
        let matching = ExchangeRecord.all().matching(filter).select(ExchangeRecord.Columns.sessionId)
        let id = Column("id")
        let started = Column("started_at_ns")
        let request = SessionRecord.filter(matching.contains(id))
            .order(filter.order == .newestFirst ? [started.desc, id.desc] : [started.asc, id.asc])
            .limited(filter.limit)
        return try read("listing sessions") { db -> [SessionListing] in
            let rows = try request.fetchAll(db)
            return try rows.map { row in
                SessionListing(summary: row.summary, figures: SessionFigures(exchanges: try facts(of: row.id, db)))
            }
        }
    }

    /// How many sessions hold an exchange matching `filter` (ignoring its limit).
    public func sessionCount(_ filter: ExchangeFilter = .all) throws(StoreError) -> Int {
        let request = ExchangeRecord.all().matching(filter)
            .select(count(distinct: ExchangeRecord.Columns.sessionId), as: Int.self)
        return try read("counting sessions") { db in try request.fetchOne(db) ?? 0 }
    }

    /// The session with exactly this id, or nil.
    public func session(id: String) throws(StoreError) -> SessionListing? {
        try read("reading session \(id)") { db -> SessionListing? in
            guard let row = try SessionRecord.fetchOne(db, key: id) else { return nil }
            return SessionListing(summary: row.summary, figures: SessionFigures(exchanges: try facts(of: id, db)))
        }
    }

    /// The whole of session `id`: every exchange with its events, in start order, as turns. With
    /// `requestBodiesOnDemand`, request bodies stay in the file until a turn's input is shown (the session view
    /// of a long agent run opens without reading its hundred megabytes of re-sent conversation); the exchanges'
    /// `requestBody` is then empty, so exports load sessions whole.
    public func loadSession(id: String, requestBodiesOnDemand: Bool = false) throws(StoreError) -> RecordedSession {
        let path = self.path
        let columns = requestBodiesOnDemand ? Self.exchangeColumnsWithoutBody : "*"
        let session = try read("loading session \(id)") { db -> (SessionSummary, [RecordedExchange]) in
            guard let row = try SessionRecord.fetchOne(db, key: id) else {
                throw StoreError.exchangeNotFound(reference: id, path: path)
            }
            let records = try ExchangeRecord.fetchAll(
                db, sql: "SELECT \(columns) FROM exchanges WHERE session_id = ? ORDER BY started_at_ns, id",
                arguments: [id])
            let exchanges = try records.map { try $0.recorded(db) }
            return (row.summary, exchanges)
        }
        guard requestBodiesOnDemand else { return RecordedSession(summary: session.0, exchanges: session.1) }
        return RecordedSession(summary: session.0, exchanges: session.1) { [self] exchangeID in
            (try? read("reading the request of \(exchangeID)") { db in
                try Data.fetchOne(db, sql: "SELECT request_body FROM exchanges WHERE id = ?", arguments: [exchangeID])
            }).flatMap { $0 }.map { [UInt8]($0) } ?? []
        }
    }

    /// What `reference` names: "latest" (the newest session), a session id or prefix, or an exchange id or
    /// prefix. A prefix of both a session and an exchange id is ambiguous.
    public func resolveRecording(_ reference: String) throws(StoreError) -> RecordingReference {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        let path = self.path
        return try read("finding \(trimmed)") { db -> RecordingReference in
            if trimmed.lowercased() == "latest" {
                if let latest = try SessionRecord.fetchOne(
                    db, sql: "SELECT * FROM sessions ORDER BY last_at_ns DESC, id DESC LIMIT 1")
                {
                    return .session(latest.summary)
                }
                guard
                    let exchange = try ExchangeRecord.fetchOne(
                        db, sql: "SELECT * FROM exchanges ORDER BY started_at_ns DESC, id DESC LIMIT 1")
                else { throw StoreError.exchangeNotFound(reference: trimmed, path: path) }
                return .exchange(exchange.summary)
            }
            if let session = try SessionRecord.fetchOne(db, key: trimmed) { return .session(session.summary) }
            if let exchange = try ExchangeRecord.fetchOne(db, key: trimmed) { return .exchange(exchange.summary) }
            let prefix = trimmed.lowercased()
            guard !prefix.isEmpty else { throw StoreError.exchangeNotFound(reference: trimmed, path: path) }
            let pattern = IDPrefixPattern.like(prefix)
            let sessions = try SessionRecord.fetchAll(
                db, sql: "SELECT * FROM sessions WHERE id LIKE ? ESCAPE '\\' ORDER BY started_at_ns DESC LIMIT 51",
                arguments: [pattern])
            let exchanges = try ExchangeRecord.fetchAll(
                db, sql: "SELECT * FROM exchanges WHERE id LIKE ? ESCAPE '\\' ORDER BY started_at_ns DESC LIMIT 51",
                arguments: [pattern])
            switch (sessions.count, exchanges.count) {
            case (0, 0): throw StoreError.exchangeNotFound(reference: trimmed, path: path)
            case (1, 0): return .session(sessions[0].summary)
            case (0, 1): return .exchange(exchanges[0].summary)
            default:
                throw StoreError.ambiguousReference(
                    reference: trimmed,
                    candidates: sessions.map { "session \($0.id)" } + exchanges.map { "exchange \($0.id)" })
            }
        }
    }

    /// Recomputes every session from the exchanges (`regroup`); returns how many sessions there are now. Keyed
    /// sessions (Claude Code, `record --session`) keep their ids; inferred ones get new ids.
    @discardableResult
    public func regroup() throws(StoreError) -> Int {
        try write("regrouping exchanges into sessions") { db -> Int in
            var kept: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, key FROM sessions WHERE key IS NOT NULL") {
                kept[row["key"]] = row["id"]
            }
            try db.execute(
                sql: """
                    UPDATE exchanges SET session_id = NULL, thread_id = NULL, turn = NULL, continues = NULL;
                    DELETE FROM sessions;
                    """)
            try Self.groupUngrouped(db, keepingIDs: kept)
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sessions") ?? 0
        }
    }

    /// Groups exchanges that have no session yet (a file upgraded from schema 1, an import), oldest first.
    public func groupUngroupedExchanges() throws(StoreError) {
        try write("grouping exchanges into sessions") { db in try Self.groupUngrouped(db) }
    }

    /// Groups the exchanges without a session on the SQLite connection `db` (inside its write transaction).
    static func groupUngrouped(_ db: Database, keepingIDs: [String: String] = [:]) throws {
        try SessionAssigner.groupUngrouped(in: SQLiteTransaction(db: db), keepingIDs: keepingIDs)
    }

    private func facts(of sessionID: String, _ db: Database) throws -> [ExchangeSummary] {
        try ExchangeRecord.fetchAll(
            db, sql: "SELECT \(Self.exchangeFactsColumns) FROM exchanges WHERE session_id = ?",
            arguments: [sessionID]
        ).map(\.summary)
    }
}

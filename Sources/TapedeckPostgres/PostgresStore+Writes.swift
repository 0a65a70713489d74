import Foundation
import PostgresNIO
import TapedeckCore
import TapedeckStore

extension PostgresStore {
    /// Stores exchanges (or a whole session) in one transaction: all of them or none.
    public func insert(_ exchanges: [RecordedExchange]) async throws(StoreError) {
        guard let first = exchanges.first else { return }
        let what =
            exchanges.count == 1 ? "importing exchange \(first.summary.id)" : "importing \(exchanges.count) exchanges"
        try await write(what) { transaction, connection in
            for exchange in exchanges {
                try Self.insertWhole(exchange, sessionID: exchange.summary.sessionID, transaction, connection)
            }
            try SessionAssigner.groupUngrouped(in: transaction)
        }
    }

    /// Stores exchanges (or a whole session) in one transaction: all of them or none.
    public func insert(session: RecordedSession) async throws(StoreError) {
        try await write("importing session \(session.summary.id)") { transaction, connection in
            let summary = session.summary
            let existing = try connection.query("SELECT 1 FROM sessions WHERE id = \(summary.id)")
            if !existing.rows.isEmpty { throw StoreError.duplicateExchange(id: summary.id) }
            try connection.query(
                """
                INSERT INTO sessions (id, key, grouped_by, client, started_at_ns, last_at_ns)
                VALUES (\(summary.id), \(summary.key), \(summary.grouping.rawValue), \(summary.client),
                        \(summary.startedAtNanos), \(summary.lastAtNanos))
                """)
            for exchange in session.exchanges {
                try Self.insertWhole(exchange, sessionID: summary.id, transaction, connection)
            }
        }
    }

    /// Inserts one exchange with its events, refusing an id already stored.
    private static func insertWhole(
        _ exchange: RecordedExchange, sessionID: String?, _ transaction: PostgresTransaction,
        _ connection: BlockingConnection
    ) throws {
        var summary = exchange.summary
        summary.sessionID = sessionID
        let existing = try connection.query("SELECT 1 FROM exchanges WHERE id = \(summary.id)")
        if !existing.rows.isEmpty { throw StoreError.duplicateExchange(id: summary.id) }
        var record = ExchangeRecord(
            summary, trailingBytes: exchange.trailingBytes, trailingOffsetNanos: exchange.trailingOffsetNanos)
        if record.eventCount == 0 { record.eventCount = exchange.events.count }
        try transaction.insertExchange(record)
        // An import is all or nothing: an event the server would refuse fails the whole import.
        var refused: (any Error)?
        _ = try transaction.insertEvents(exchange.events, exchangeID: summary.id) { error in
            if refused == nil { refused = error }
        }
        if let refused { throw refused }
        if sessionID != nil { try transaction.storeContinuation(of: exchange) }
    }

    /// Deletes exchange `id` and its events; returns whether it existed.
    @discardableResult
    public func delete(id: String) async throws(StoreError) -> Bool {
        try await write("deleting exchange \(id)") { _, connection in
            try connection.query("UPDATE exchanges SET retry_of = NULL WHERE retry_of = \(id)")
            // No foreign key cascades (see migration v3): the events go first, explicitly.
            try connection.query("DELETE FROM events WHERE exchange_id = \(id)")
            let deleted = try connection.query("DELETE FROM exchanges WHERE id = \(id)")
            try connection.query(
                "DELETE FROM sessions WHERE NOT EXISTS (SELECT 1 FROM exchanges WHERE session_id = sessions.id)")
            return (deleted.metadata.rows ?? 0) > 0
        }
    }

    /// Recomputes every session from the exchanges; returns how many sessions there are now.
    @discardableResult
    public func regroup() async throws(StoreError) -> Int {
        try await write("regrouping exchanges into sessions") { transaction, connection in
            var kept: [String: String] = [:]
            for row in try connection.query("SELECT id, key FROM sessions WHERE key IS NOT NULL") {
                let (id, key) = try row.decode((String, String).self)
                kept[key] = id
            }
            try connection.query(
                "UPDATE exchanges SET session_id = NULL, thread_id = NULL, turn = NULL, continues = NULL")
            try connection.query("DELETE FROM sessions")
            try SessionAssigner.groupUngrouped(in: transaction, keepingIDs: kept)
            return Int(try connection.query("SELECT count(*) FROM sessions").first?.decode(Int64.self) ?? 0)
        }
    }

    /// Marks exchanges left `in_progress` as `interrupted`, unless a recorder is live on this server (it holds the
    /// live-recorder advisory lock shared, so the exclusive try fails and nothing is marked).
    @discardableResult
    public func markInterruptedExchanges() async throws(StoreError) -> Int {
        try await write("marking interrupted exchanges") { _, connection in
            let lock = try connection.query("SELECT pg_try_advisory_xact_lock(\(PostgresSchema.recorderLock))")
            guard try lock.first?.decode(Bool.self) == true else { return 0 }
            let note = TapedeckStore.interruptedNote
            let marked = try connection.query(
                """
                UPDATE exchanges SET
                    outcome = 'interrupted',
                    event_count = (SELECT count(*) FROM events WHERE events.exchange_id = exchanges.id),
                    note = CASE WHEN note IS NULL OR note = '' THEN \(note) ELSE note || '; ' || \(note) END
                WHERE outcome = 'in_progress'
                """)
            return marked.metadata.rows ?? 0
        }
    }

    /// Marks this database as made by `tapedeck demo`.
    public func markAsDemoFile() async throws(StoreError) {
        _ = try await write("marking the demo database") { _, connection in
            try connection.query(
                """
                INSERT INTO tapedeck_meta (key, value) VALUES ('created_by', 'tapedeck demo')
                ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
                """)
        }
    }

    /// Whether `tapedeck demo` made this database.
    public func isDemoFile() async throws(StoreError) -> Bool {
        let found = try await rows("SELECT value FROM tapedeck_meta WHERE key = 'created_by'", "reading tapedeck_meta")
        return try decode(found) { try $0.decode(String.self) }.first == "tapedeck demo"
    }
}

import Foundation
import GRDB
import TapedeckCore

extension TapedeckStore {
    /// Stores a whole exchange at once (import): all of it or, on any error, none of it.
    public func insert(_ exchange: RecordedExchange) throws(StoreError) {
        try insert([exchange])
    }

    /// Stores several exchanges in one transaction (importing one file): all of them or, on any error
    /// (a duplicate id, a full disk, a crash), none of them.
    public func insert(_ exchanges: [RecordedExchange]) throws(StoreError) {
        guard let first = exchanges.first else { return }
        let what =
            exchanges.count == 1 ? "importing exchange \(first.summary.id)" : "importing \(exchanges.count) exchanges"
        try write(what) { db in
            let inserter = try EventInserter(db)
            for exchange in exchanges {
                let id = exchange.summary.id
                if try ExchangeRecord.exists(db, key: id) { throw StoreError.duplicateExchange(id: id) }
                var record = ExchangeRecord(
                    exchange.summary, trailingBytes: exchange.trailingBytes,
                    trailingOffsetNanos: exchange.trailingOffsetNanos)
                if record.eventCount == 0 { record.eventCount = exchange.events.count }
                try record.insert(db)
                for event in exchange.events {
                    try inserter.insert(exchangeID: id, event: event)
                }
                if exchange.summary.sessionID != nil { try SQLiteTransaction(db: db).storeContinuation(of: exchange) }
            }
            try Self.groupUngrouped(db)
        }
    }

    /// Stores a whole session as it is (its row, and its exchanges with their session, thread and turn kept):
    /// for tools and benchmarks that build sessions; all of it or nothing.
    public func insert(session: RecordedSession) throws(StoreError) {
        try write("importing session \(session.summary.id)") { db in
            if try SessionRecord.exists(db, key: session.summary.id) {
                throw StoreError.duplicateExchange(id: session.summary.id)
            }
            try SessionRecord(session.summary).insert(db)
            let inserter = try EventInserter(db)
            for exchange in session.exchanges {
                var summary = exchange.summary
                summary.sessionID = session.summary.id
                if try ExchangeRecord.exists(db, key: summary.id) { throw StoreError.duplicateExchange(id: summary.id) }
                var record = ExchangeRecord(
                    summary, trailingBytes: exchange.trailingBytes, trailingOffsetNanos: exchange.trailingOffsetNanos)
                if record.eventCount == 0 { record.eventCount = exchange.events.count }
                try record.insert(db)
                for event in exchange.events { try inserter.insert(exchangeID: summary.id, event: event) }
                try SQLiteTransaction(db: db).storeContinuation(of: exchange)
            }
        }
    }

    /// Deletes exchange `id` and its events; returns whether it existed. Later attempts keep their attempt number.
    @discardableResult
    public func delete(id: String) throws(StoreError) -> Bool {
        try write("deleting exchange \(id)") { db in
            try db.execute(sql: "UPDATE exchanges SET retry_of = NULL WHERE retry_of = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM exchanges WHERE id = ?", arguments: [id])
            let deleted = db.changesCount > 0
            try db.execute(
                sql: "DELETE FROM sessions WHERE NOT EXISTS (SELECT 1 FROM exchanges WHERE session_id = sessions.id)")
            return deleted
        }
    }

    /// Marks exchanges left `in_progress` by a recorder that stopped or crashed as `interrupted`, keeping their
    /// flushed events and counting them; call once at start-up before recording. Returns how many were marked:
    /// none while another recorder (any process) is live on this file, since its exchanges are still streaming.
    @discardableResult
    public func markInterruptedExchanges() throws(StoreError) -> Int {
        guard !isReadOnly else { throw StoreError.readOnly(path: path) }
        guard let lock = RecorderLock(databasePath: path, exclusive: true) else { return 0 }
        defer { withExtendedLifetime(lock) {} }
        return try write("marking interrupted exchanges") { db in
            try db.execute(
                sql: """
                    UPDATE exchanges SET
                        outcome = 'interrupted',
                        event_count = (SELECT COUNT(*) FROM events WHERE events.exchange_id = exchanges.id),
                        note = CASE WHEN note IS NULL OR note = '' THEN ? ELSE note || '; ' || ? END
                    WHERE outcome = 'in_progress'
                    """, arguments: [Self.interruptedNote, Self.interruptedNote])
            return db.changesCount
        }
    }

    /// The note written on exchanges found `in_progress` at start-up.
    package static let interruptedNote =
        "the recorder stopped before this exchange ended; marked interrupted at the next start; flushed events kept"
}

extension TapedeckStore {
    /// The `tapedeck_meta` key that marks a file `tapedeck demo` made, so a later demo may start it afresh.
    static let createdByKey = "created_by"

    /// Marks this file as made by `tapedeck demo` (a demo run may then delete and recreate it).
    public func markAsDemoFile() throws(StoreError) {
        try write("marking the demo file") { db in
            try MetaRecord(key: Self.createdByKey, value: "tapedeck demo").save(db)
        }
    }

    /// Whether `tapedeck demo` made this file.
    public func isDemoFile() throws(StoreError) -> Bool {
        try read("reading tapedeck_meta") { db in
            try MetaRecord.fetchOne(db, key: Self.createdByKey)?.value == "tapedeck demo"
        }
    }
}

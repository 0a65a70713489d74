import Foundation
import GRDB
import TapedeckCore

extension TapedeckStore {
    /// Stores a whole session at once (import): all of it or, on any error, none of it.
    public func insert(_ session: RecordedSession) throws(StoreError) {
        try insert([session])
    }

    /// Stores several sessions in one transaction (importing one file): all of them or, on any error
    /// (a duplicate id, a full disk, a crash), none of them.
    public func insert(_ sessions: [RecordedSession]) throws(StoreError) {
        guard let first = sessions.first else { return }
        let what =
            sessions.count == 1 ? "importing session \(first.summary.id)" : "importing \(sessions.count) sessions"
        try write(what) { db in
            let inserter = try EventInserter(db)
            for session in sessions {
                let id = session.summary.id
                if try SessionRecord.exists(db, key: id) { throw StoreError.duplicateSession(id: id) }
                var record = SessionRecord(
                    session.summary, trailingBytes: session.trailingBytes,
                    trailingOffsetNanos: session.trailingOffsetNanos)
                if record.eventCount == 0 { record.eventCount = session.events.count }
                try record.insert(db)
                for event in session.events {
                    try inserter.insert(sessionID: id, event: event)
                }
            }
        }
    }

    /// Deletes session `id` and its events; returns whether it existed. Later attempts keep their attempt number.
    @discardableResult
    public func delete(id: String) throws(StoreError) -> Bool {
        try write("deleting session \(id)") { db in
            try db.execute(sql: "UPDATE sessions SET retry_of = NULL WHERE retry_of = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM sessions WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    /// Marks sessions left `in_progress` by a recorder that stopped or crashed as `interrupted`, keeping their
    /// flushed events and counting them; call once at start-up before recording. Returns how many were marked:
    /// none while another recorder (any process) is live on this file, since its sessions are still streaming.
    @discardableResult
    public func markInterruptedSessions() throws(StoreError) -> Int {
        guard !isReadOnly else { throw StoreError.readOnly(path: path) }
        guard let lock = RecorderLock(databasePath: path, exclusive: true) else { return 0 }
        defer { withExtendedLifetime(lock) {} }
        return try write("marking interrupted sessions") { db in
            try db.execute(
                sql: """
                    UPDATE sessions SET
                        outcome = 'interrupted',
                        event_count = (SELECT COUNT(*) FROM events WHERE events.session_id = sessions.id),
                        note = CASE WHEN note IS NULL OR note = '' THEN ? ELSE note || '; ' || ? END
                    WHERE outcome = 'in_progress'
                    """, arguments: [Self.interruptedNote, Self.interruptedNote])
            return db.changesCount
        }
    }

    /// The note written on sessions found `in_progress` at start-up.
    static let interruptedNote =
        "the recorder stopped before this session ended; marked interrupted at the next start; flushed events kept"
}

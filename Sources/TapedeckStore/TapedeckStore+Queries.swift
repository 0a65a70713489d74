import Foundation
import GRDB
import TapedeckCore

extension TapedeckStore {
    /// Sessions matching `filter`, newest first unless the filter says otherwise.
    public func sessions(_ filter: SessionFilter = .all) throws(StoreError) -> [SessionSummary] {
        let clause = filter.whereClause
        return try read("listing sessions") { db in
            try SessionRecord.fetchAll(
                db, sql: "SELECT * FROM sessions" + clause.sql + filter.orderAndLimit, arguments: clause.arguments
            ).map(\.summary)
        }
    }

    /// How many sessions match `filter` (ignoring its limit).
    public func sessionCount(_ filter: SessionFilter = .all) throws(StoreError) -> Int {
        let clause = filter.whereClause
        return try read("counting sessions") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sessions" + clause.sql, arguments: clause.arguments) ?? 0
        }
    }

    /// How many events are stored in all sessions together.
    public func totalEventCount() throws(StoreError) -> Int {
        try read("counting events") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0 }
    }

    /// The session with exactly this id, or nil.
    public func session(id: String) throws(StoreError) -> SessionSummary? {
        try read("reading session \(id)") { db in try SessionRecord.fetchOne(db, key: id)?.summary }
    }

    /// The session a user means by `reference`: "latest", a full id, or a unique id prefix.
    public func resolve(_ reference: String) throws(StoreError) -> SessionSummary {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        let path = self.path
        return try read("finding session \(trimmed)") { db -> SessionSummary in
            if trimmed.lowercased() == "latest" {
                guard
                    let latest = try SessionRecord.fetchOne(
                        db, sql: "SELECT * FROM sessions ORDER BY started_at_ns DESC, id DESC LIMIT 1")
                else { throw StoreError.sessionNotFound(reference: trimmed, path: path) }
                return latest.summary
            }
            if let exact = try SessionRecord.fetchOne(db, key: trimmed) { return exact.summary }
            let prefix = trimmed.lowercased()
            guard !prefix.isEmpty else { throw StoreError.sessionNotFound(reference: trimmed, path: path) }
            let pattern = Self.likeEscaped(prefix) + "%"
            let matches = try SessionRecord.fetchAll(
                db, sql: "SELECT * FROM sessions WHERE id LIKE ? ESCAPE '\\' ORDER BY started_at_ns DESC LIMIT 51",
                arguments: [pattern])
            switch matches.count {
            case 0: throw StoreError.sessionNotFound(reference: trimmed, path: path)
            case 1: return matches[0].summary
            default: throw StoreError.ambiguousReference(reference: trimmed, candidates: matches.map(\.id))
            }
        }
    }

    /// The whole recording of session `id`: summary, events in order, trailing fragment.
    public func loadSession(id: String) throws(StoreError) -> RecordedSession {
        let path = self.path
        return try read("loading session \(id)") { db -> RecordedSession in
            guard let record = try SessionRecord.fetchOne(db, key: id) else {
                throw StoreError.sessionNotFound(reference: id, path: path)
            }
            let events = try EventRecord.fetchAll(
                db, sql: "SELECT * FROM events WHERE session_id = ? ORDER BY seq", arguments: [id])
            return RecordedSession(
                summary: record.summary, events: events.map(\.event), trailingBytes: [UInt8](record.trailingBytes),
                trailingOffsetNanos: record.trailingOffsetNs)
        }
    }

    /// The events of session `sessionID` in sequence order (empty when it has none or does not exist).
    public func events(sessionID: String) throws(StoreError) -> [RecordedEvent] {
        try read("reading events of \(sessionID)") { db in
            try EventRecord.fetchAll(
                db, sql: "SELECT * FROM events WHERE session_id = ? ORDER BY seq", arguments: [sessionID]
            ).map(\.event)
        }
    }

    /// Every attempt of the retry chain `id` belongs to, first attempt first (just the session when it has none).
    public func retryChain(of id: String) throws(StoreError) -> [SessionSummary] {
        try read("following the retry chain of \(id)") { db -> [SessionSummary] in
            let root = try String.fetchOne(
                db,
                sql: """
                    WITH RECURSIVE up(id, retry_of, depth) AS (
                        SELECT id, retry_of, 0 FROM sessions WHERE id = ?
                        UNION
                        SELECT s.id, s.retry_of, up.depth + 1 FROM sessions s JOIN up ON s.id = up.retry_of
                        WHERE up.depth < 10000
                    )
                    SELECT id FROM up ORDER BY depth DESC LIMIT 1
                    """, arguments: [id])
            guard let root else { return [] }
            return try SessionRecord.fetchAll(
                db,
                sql: """
                    WITH RECURSIVE down(id, depth) AS (
                        SELECT ?, 0
                        UNION
                        SELECT s.id, down.depth + 1 FROM sessions s JOIN down ON s.retry_of = down.id
                        WHERE down.depth < 10000
                    )
                    SELECT sessions.* FROM sessions JOIN down USING (id) ORDER BY started_at_ns, attempt
                    """, arguments: [root]
            ).map(\.summary)
        }
    }

    /// Runs a read and turns its errors into `StoreError`s naming this file.
    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.read(body)
        } catch {
            throw StoreError.wrapping(error, path: path, operation: operation)
        }
    }

    /// Runs a write transaction and turns its errors into `StoreError`s naming this file.
    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        guard !isReadOnly else { throw StoreError.readOnly(path: path) }
        do {
            return try database.write(body)
        } catch {
            throw StoreError.wrapping(error, path: path, operation: operation)
        }
    }

    /// `text` with LIKE's wildcards escaped by a backslash.
    static func likeEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}

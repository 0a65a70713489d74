import Foundation
import GRDB
import TapedeckCore

extension TapedeckStore {
    /// Exchanges matching `filter`, newest first unless the filter says otherwise.
    public func exchanges(_ filter: ExchangeFilter = .all) throws(StoreError) -> [ExchangeSummary] {
        try read("listing exchanges") { db in
            try ExchangeRecord.all().matching(filter).ordered(filter.order).limited(filter.limit)
                .fetchAll(db).map(\.summary)
        }
    }

    /// How many exchanges match `filter` (ignoring its limit).
    public func exchangeCount(_ filter: ExchangeFilter = .all) throws(StoreError) -> Int {
        try read("counting exchanges") { db in try ExchangeRecord.all().matching(filter).fetchCount(db) }
    }

    /// How many events are stored in all exchanges together.
    public func totalEventCount() throws(StoreError) -> Int {
        try read("counting events") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0 }
    }

    /// The exchange with exactly this id, or nil.
    public func exchange(id: String) throws(StoreError) -> ExchangeSummary? {
        try read("reading exchange \(id)") { db in try ExchangeRecord.fetchOne(db, key: id)?.summary }
    }

    /// The exchange a user means by `reference`: "latest", a full id, or a unique id prefix.
    public func resolve(_ reference: String) throws(StoreError) -> ExchangeSummary {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        let path = self.path
        return try read("finding exchange \(trimmed)") { db -> ExchangeSummary in
            if trimmed.lowercased() == "latest" {
                guard
                    let latest = try ExchangeRecord.fetchOne(
                        db, sql: "SELECT * FROM exchanges ORDER BY started_at_ns DESC, id DESC LIMIT 1")
                else { throw StoreError.exchangeNotFound(reference: trimmed, path: path) }
                return latest.summary
            }
            if let exact = try ExchangeRecord.fetchOne(db, key: trimmed) { return exact.summary }
            let prefix = trimmed.lowercased()
            guard !prefix.isEmpty else { throw StoreError.exchangeNotFound(reference: trimmed, path: path) }
            let pattern = IDPrefixPattern.like(prefix)
            let matches = try ExchangeRecord.fetchAll(
                db, sql: "SELECT * FROM exchanges WHERE id LIKE ? ESCAPE '\\' ORDER BY started_at_ns DESC LIMIT 51",
                arguments: [pattern])
            switch matches.count {
            case 0: throw StoreError.exchangeNotFound(reference: trimmed, path: path)
            case 1: return matches[0].summary
            default: throw StoreError.ambiguousReference(reference: trimmed, candidates: matches.map(\.id))
            }
        }
    }

    /// The whole recording of exchange `id`: summary, events in order, trailing fragment.
    public func loadExchange(id: String) throws(StoreError) -> RecordedExchange {
        let path = self.path
        return try read("loading exchange \(id)") { db -> RecordedExchange in
            guard let record = try ExchangeRecord.fetchOne(db, key: id) else {
                throw StoreError.exchangeNotFound(reference: id, path: path)
            }
            return try record.recorded(db)
        }
    }

    /// The events of exchange `exchangeID` in sequence order (empty when it has none or does not exist).
    public func events(exchangeID: String) throws(StoreError) -> [RecordedEvent] {
        try read("reading events of \(exchangeID)") { db in
            try EventRecord.events(of: exchangeID, db)
        }
    }

    /// Exchange `id`'s row without its events (summary and trailing fragment, `events` empty).
    public func loadExchangeWithoutEvents(id: String) throws(StoreError) -> RecordedExchange {
        let path = self.path
        return try read("loading exchange \(id)") { db -> RecordedExchange in
            guard let record = try ExchangeRecord.fetchOne(db, key: id) else {
                throw StoreError.exchangeNotFound(reference: id, path: path)
            }
            return RecordedExchange(
                summary: record.summary, events: [], trailingBytes: [UInt8](record.trailingBytes),
                trailingOffsetNanos: record.trailingOffsetNs)
        }
    }

    /// At most `limit` events of exchange `exchangeID` with sequence number `sequence` or more, in order.
    public func events(exchangeID: String, fromSequence sequence: Int, limit: Int) throws(StoreError)
        -> [RecordedEvent]
    {
        try read("reading events of \(exchangeID) from \(sequence)") { db in
            try EventRecord.events(of: exchangeID, fromSequence: sequence, limit: limit, db)
        }
    }

    /// Every attempt of the retry chain `id` belongs to, first attempt first (just the exchange when it has none).
    public func retryChain(of id: String) throws(StoreError) -> [ExchangeSummary] {
        try read("following the retry chain of \(id)") { db -> [ExchangeSummary] in
            let root = try String.fetchOne(
                db,
                sql: """
                    WITH RECURSIVE up(id, retry_of, depth) AS (
                        SELECT id, retry_of, 0 FROM exchanges WHERE id = ?
                        UNION
                        SELECT s.id, s.retry_of, up.depth + 1 FROM exchanges s JOIN up ON s.id = up.retry_of
                        WHERE up.depth < 10000
                    )
                    SELECT id FROM up ORDER BY depth DESC LIMIT 1
                    """, arguments: [id])
            guard let root else { return [] }
            return try ExchangeRecord.fetchAll(
                db,
                sql: """
                    WITH RECURSIVE down(id, depth) AS (
                        SELECT ?, 0
                        UNION
                        SELECT s.id, down.depth + 1 FROM exchanges s JOIN down ON s.retry_of = down.id
                        WHERE down.depth < 10000
                    )
                    SELECT exchanges.* FROM exchanges JOIN down USING (id) ORDER BY started_at_ns, attempt
                    """, arguments: [root]
            ).map(\.summary)
        }
    }

    /// Runs a read on a read-only connection (never changing the file) and turns its errors into `StoreError`s
    /// naming this file.
    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try connections.reader.read(body)
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
            throw StoreError.wrappingWrite(error, path: path, operation: operation)
        }
    }
}

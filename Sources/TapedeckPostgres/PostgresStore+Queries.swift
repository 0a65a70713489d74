import Foundation
import PostgresNIO
import TapedeckCore
import TapedeckStore

extension PostgresStore {
    /// Exchanges matching `filter`, newest first unless the filter says otherwise.
    public func exchanges(_ filter: ExchangeFilter) async throws(StoreError) -> [ExchangeSummary] {
        let filterSQL = PostgresFilter(filter)
        let sql =
            "SELECT \(PostgresRows.exchangeColumns) FROM exchanges WHERE \(filterSQL.condition) ORDER BY "
            + PostgresFilter.orderBy(filter.order) + PostgresFilter.limit(filter.limit)
        return try decode(try await rows(filterSQL.query(sql), "listing exchanges")) {
            try PostgresRows.exchange(from: $0).summary
        }
    }

    /// How many exchanges match `filter` (ignoring its limit).
    public func exchangeCount(_ filter: ExchangeFilter) async throws(StoreError) -> Int {
        let filterSQL = PostgresFilter(filter)
        return try await count(
            filterSQL.query("SELECT count(*) FROM exchanges WHERE \(filterSQL.condition)"), "counting exchanges")
    }

    /// How many events are stored in all exchanges together.
    public func totalEventCount() async throws(StoreError) -> Int {
        try await count("SELECT count(*) FROM events", "counting events")
    }

    /// The exchange with exactly this id, or nil.
    public func exchange(id: String) async throws(StoreError) -> ExchangeSummary? {
        try await exchangeRows(
            "SELECT \(unescaped: PostgresRows.exchangeColumns) FROM exchanges WHERE id = \(id)",
            "reading exchange \(id)"
        ).first?.summary
    }

    /// The exchange a user means by `reference`: "latest", a full id, or a unique id prefix.
    public func resolve(_ reference: String) async throws(StoreError) -> ExchangeSummary {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "latest" {
            guard
                let latest = try await exchangeRows(
                    """
                    SELECT \(unescaped: PostgresRows.exchangeColumns) FROM exchanges
                    ORDER BY started_at_ns DESC, id DESC LIMIT 1
                    """, "finding exchange latest"
                ).first
            else { throw StoreError.exchangeNotFound(reference: trimmed, path: location) }
            return latest.summary
        }
        if let exact = try await exchange(id: trimmed) { return exact }
        let matches = try await prefixMatches(table: "exchanges", trimmed.lowercased())
        switch matches.count {
        case 0: throw StoreError.exchangeNotFound(reference: trimmed, path: location)
        case 1:
            guard let only = try await exchange(id: matches[0]) else {
                throw StoreError.exchangeNotFound(reference: trimmed, path: location)
            }
            return only
        default: throw StoreError.ambiguousReference(reference: trimmed, candidates: matches)
        }
    }

    /// The whole recording of exchange `id`: summary, events in order, trailing fragment.
    public func loadExchange(id: String) async throws(StoreError) -> RecordedExchange {
        var exchange = try await loadExchangeWithoutEvents(id: id)
        exchange.events = try await events(exchangeID: id, expectedCount: exchange.summary.eventCount)
        return exchange
    }

    /// Exchange `id`'s row without its events (summary and trailing fragment, `events` empty).
    public func loadExchangeWithoutEvents(id: String) async throws(StoreError) -> RecordedExchange {
        guard
            let row = try await exchangeRows(
                "SELECT \(unescaped: PostgresRows.exchangeColumns) FROM exchanges WHERE id = \(id)",
                "loading exchange \(id)"
            ).first
        else { throw StoreError.exchangeNotFound(reference: id, path: location) }
        return RecordedExchange(
            summary: row.summary, events: [], trailingBytes: row.trailingBytes,
            trailingOffsetNanos: row.trailingOffsetNanos)
    }

    /// The events of exchange `exchangeID` in sequence order.
    public func events(exchangeID: String) async throws(StoreError) -> [RecordedEvent] {
        try await events(exchangeID: exchangeID, expectedCount: 0)
    }

    /// Every attempt of the retry chain `id` belongs to, first attempt first.
    public func retryChain(of id: String) async throws(StoreError) -> [ExchangeSummary] {
        let roots = try await rows(
            """
            WITH RECURSIVE up(id, retry_of, depth) AS (
                SELECT id, retry_of, 0 FROM exchanges WHERE id = \(id)
                UNION
                SELECT s.id, s.retry_of, up.depth + 1 FROM exchanges s JOIN up ON s.id = up.retry_of
                WHERE up.depth < 10000
            )
            SELECT id FROM up ORDER BY depth DESC LIMIT 1
            """, "following the retry chain of \(id)")
        guard let root = try decode(roots, { try $0.decode(String.self) }).first else { return [] }
        return try await exchangeRows(
            """
            WITH RECURSIVE down(id, depth) AS (
                SELECT \(root)::text, 0
                UNION
                SELECT s.id, down.depth + 1 FROM exchanges s JOIN down ON s.retry_of = down.id
                WHERE down.depth < 10000
            )
            SELECT \(unescaped: PostgresRows.exchangeColumns)
            FROM exchanges JOIN down USING (id) ORDER BY started_at_ns, attempt
            """, "following the retry chain of \(id)"
        ).map(\.summary)
    }

    /// Decoded `exchanges` rows of `query`.
    func exchangeRows(_ query: PostgresQuery, _ operation: String) async throws(StoreError) -> [PostgresRows.Exchange] {
        try decode(try await rows(query, operation)) { try PostgresRows.exchange(from: $0) }
    }

    /// The single count `query` returns.
    func count(_ query: PostgresQuery, _ operation: String) async throws(StoreError) -> Int {
        let found = try await rows(query, operation)
        return Int(try decode(found) { try $0.decode(Int64.self) }.first ?? 0)
    }

    /// Ids of `table` starting with `prefix`, newest first, at most 51.
    func prefixMatches(table: String, _ prefix: String) async throws(StoreError) -> [String] {
        guard !prefix.isEmpty else { return [] }
        let pattern = IDPrefixPattern.like(prefix)
        let found = try await rows(
            """
            SELECT id FROM \(unescaped: table) WHERE id LIKE \(pattern) ESCAPE '\\'
            ORDER BY started_at_ns DESC LIMIT 51
            """, "finding \(prefix)")
        return try decode(found) { try $0.decode(String.self) }
    }

    /// `rows` decoded by `body`, a decoding failure as a `StoreError`.
    func decode<T>(_ rows: [PostgresRow], _ body: (PostgresRow) throws -> T) throws(StoreError) -> [T] {
        do {
            return try rows.map(body)
        } catch {
            throw StoreError.database(operation: "reading rows of \(location)", reason: "\(error)")
        }
    }
}

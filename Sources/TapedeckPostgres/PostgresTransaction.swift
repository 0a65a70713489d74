import Foundation
import NIOConcurrencyHelpers
import PostgresNIO
import TapedeckCore
import TapedeckStore

/// `StoreTransaction` on a PostgreSQL transaction of a `BlockingConnection`: the recorder's batches, imports and
/// `regroup`. Events are gathered and written in one multi-row INSERT when the transaction ends (`flush()`).
final class PostgresTransaction: StoreTransaction {
    private let connection: BlockingConnection
    private let partitions: PartitionCache
    private var pendingEvents: [(exchangeID: String, event: RecordedEvent)] = []

    /// A transaction already begun on `connection`.
    init(connection: BlockingConnection, partitions: PartitionCache) {
        self.connection = connection
        self.partitions = partitions
    }

    /// Writes the gathered events (one statement per 10,000); call before COMMIT.
    func flush() throws {
        var start = 0
        while start < pendingEvents.count {
            let end = min(pendingEvents.count, start + 10_000)
            try connection.query(PostgresRows.insertEvents(Array(pendingEvents[start..<end])))
            start = end
        }
        pendingEvents = []
    }

    func retryCandidate(
        sha256: String, method: String, path: String, excludingID: String, from: Int64, to: Int64
    ) throws -> RetryCandidate? {
        let rows = try connection.query(
            """
            SELECT id, attempt, outcome FROM exchanges
            WHERE request_body_sha256 = \(sha256) AND method = \(method) AND path = \(path) AND id <> \(excludingID)
              AND started_at_ns >= \(from) AND started_at_ns <= \(to)
            ORDER BY started_at_ns DESC, id DESC LIMIT 1
            """)
        guard let row = rows.first else { return nil }
        let (id, attempt, outcome) = try row.decode((String, Int32, String).self)
        return RetryCandidate(id: id, attempt: Int(attempt), outcome: outcome)
    }

    func insertExchange(_ record: ExchangeRecord) throws {
        try partitions.ensure(day: PostgresSchema.day(ofNanos: record.startedAtNs), on: connection)
        try connection.query(PostgresRows.insert(record))
    }

    func insertEvents(_ events: [RecordedEvent], exchangeID: String, failed: (any Error) -> Void) throws -> Int {
        for event in events { pendingEvents.append((exchangeID, event)) }
        return events.count
    }

    func updateProgress(_ progress: ExchangeProgress) throws {
        let s = progress.summary
        let status = s.status.map { Int64($0) }
        let headers = HeaderCoding.encode(s.responseHeaders)
        let input = s.inputTokens.map { Int64($0) }
        let output = s.outputTokens.map { Int64($0) }
        let cacheCreation = s.cacheCreationInputTokens.map { Int64($0) }
        let cacheRead = s.cacheReadInputTokens.map { Int64($0) }
        var query: PostgresQuery = """
            UPDATE exchanges SET status = \(status), response_headers = \(headers), is_streaming = \(s.isStreaming),
                model = \(s.model), stop_reason = \(s.stopReason), outcome = \(s.outcome.rawValue),
                first_byte_ns = \(s.firstByteNanos), ttft_ns = \(s.ttftNanos), duration_ns = \(s.durationNanos),
                input_tokens = \(input), output_tokens = \(output), cache_creation_input_tokens = \(cacheCreation),
                cache_read_input_tokens = \(cacheRead), event_count = \(Int64(s.eventCount)),
                error_type = \(s.errorType), error_message = \(s.errorMessage),
                dropped_events = \(Int64(progress.droppedEvents)), note = \(progress.note)
            WHERE id = \(s.id)
            """
        if let trailing = progress.trailing {
            query = """
                UPDATE exchanges SET status = \(status), response_headers = \(headers),
                    is_streaming = \(s.isStreaming), model = \(s.model), stop_reason = \(s.stopReason),
                    outcome = \(s.outcome.rawValue), first_byte_ns = \(s.firstByteNanos), ttft_ns = \(s.ttftNanos),
                    duration_ns = \(s.durationNanos), input_tokens = \(input), output_tokens = \(output),
                    cache_creation_input_tokens = \(cacheCreation), cache_read_input_tokens = \(cacheRead),
                    event_count = \(Int64(s.eventCount)), error_type = \(s.errorType),
                    error_message = \(s.errorMessage), dropped_events = \(Int64(progress.droppedEvents)),
                    note = \(progress.note), trailing_bytes = \(ByteBuffer(bytes: trailing.bytes)),
                    trailing_offset_ns = \(trailing.offsetNanos)
                WHERE id = \(s.id)
                """
        }
        try connection.query(query)
    }

    func addDroppedEvents(_ count: Int, exchangeID: String) throws {
        try connection.query(
            "UPDATE exchanges SET dropped_events = dropped_events + \(Int64(count)) WHERE id = \(exchangeID)")
    }

    func linkRetries(_ later: [String], to earlier: String) throws {
        try connection.query(
            "UPDATE exchanges SET retry_of = \(earlier) WHERE id = ANY(\(later)::text[]) AND retry_of IS NULL")
        try connection.query(
            """
            WITH RECURSIVE chain(id, attempt, depth) AS (
                SELECT id, attempt, 0 FROM exchanges WHERE id = \(earlier)
                UNION
                SELECT s.id, chain.attempt + 1, chain.depth + 1 FROM exchanges s JOIN chain ON s.retry_of = chain.id
                WHERE chain.depth < 10000
            )
            UPDATE exchanges SET attempt = chain.attempt FROM chain
            WHERE chain.id = exchanges.id AND chain.depth > 0
            """)
    }

    func sessionID(forKey key: String) throws -> String? {
        // Two recorders meeting the same key at once: the second waits here until the first commits its session.
        try connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\("tapedeck-session:" + key), 0))")
        let rows = try connection.query("SELECT id FROM sessions WHERE key = \(key)")
        return try rows.first?.decode(String.self)
    }

    func touchSession(_ id: String, lastAtNanos: Int64) throws -> Bool {
        let result = try connection.query(
            "UPDATE sessions SET last_at_ns = GREATEST(last_at_ns, \(lastAtNanos)) WHERE id = \(id)")
        return (result.metadata.rows ?? 0) > 0
    }

    func insertSessionIfAbsent(_ summary: SessionSummary) throws {
        try connection.query(
            """
            INSERT INTO sessions (id, key, grouped_by, client, started_at_ns, last_at_ns)
            VALUES (\(summary.id), \(summary.key), \(summary.grouping.rawValue), \(summary.client),
                    \(summary.startedAtNanos), \(summary.lastAtNanos))
            ON CONFLICT DO NOTHING
            """)
    }

    func placement(of id: String) throws -> (sessionID: String?, startedAtNanos: Int64)? {
        let rows = try connection.query("SELECT session_id, started_at_ns FROM exchanges WHERE id = \(id)")
        guard let row = rows.first else { return nil }
        let (session, started) = try row.decode((String?, Int64).self)
        return (session, started)
    }

    func place(_ id: String, session: String?, thread: String?, turn: Int?, continues: String?) throws {
        let turn = turn.map { Int64($0) }
        try connection.query(
            """
            UPDATE exchanges SET session_id = \(session), thread_id = \(thread), turn = \(turn),
                continues = \(continues) WHERE id = \(id)
            """)
    }

    func deleteSessionIfEmpty(_ id: String) throws {
        try connection.query(
            "DELETE FROM sessions WHERE id = \(id) AND NOT EXISTS (SELECT 1 FROM exchanges WHERE session_id = \(id))")
    }

    func ungroupedExchangeIDs() throws -> [String] {
        try connection.query("SELECT id FROM exchanges WHERE session_id IS NULL ORDER BY started_at_ns, id")
            .map { try $0.decode(String.self) }
    }

    func groupedExchangeIDs(from: Int64, to: Int64, limit: Int) throws -> [String] {
        try connection.query(
            """
            SELECT id FROM exchanges WHERE session_id IS NOT NULL AND started_at_ns <= \(to)
              AND started_at_ns >= \(from) ORDER BY started_at_ns DESC, id DESC LIMIT \(Int64(limit))
            """
        ).map { try $0.decode(String.self) }
    }

    func recorded(_ id: String) throws -> RecordedExchange? {
        try flush()
        let rows = try connection.query(
            "SELECT \(unescaped: PostgresRows.exchangeColumns) FROM exchanges WHERE id = \(id)")
        guard let row = rows.first else { return nil }
        let exchange = try PostgresRows.exchange(from: row)
        let events = try connection.query(
            "SELECT seq, offset_ns, type, data, raw FROM events WHERE exchange_id = \(id) ORDER BY seq"
        ).map { try PostgresRows.event(from: $0) }
        return RecordedExchange(
            summary: exchange.summary, events: events, trailingBytes: exchange.trailingBytes,
            trailingOffsetNanos: exchange.trailingOffsetNanos)
    }
}

/// The events partitions known to exist, shared by the transactions of one store; a missing one is created by
/// the schema owner's `tapedeck_events_partition` (under an advisory lock, so two writers create it once).
final class PartitionCache: Sendable {
    private let known = NIOLockedValueBox<Set<String>>([])

    /// Creates the partition of `day` unless it is known to exist.
    func ensure(day: String, on connection: BlockingConnection) throws {
        if known.withLockedValue({ $0.contains(day) }) { return }
        try connection.query("SELECT tapedeck_events_partition(\(day)::date)")
        known.withLockedValue { _ = $0.insert(day) }
    }

    /// Forgets every partition (after `prune` dropped some).
    func reset() { known.withLockedValue { $0 = [] } }
}

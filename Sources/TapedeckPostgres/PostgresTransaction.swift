import Foundation
import NIOConcurrencyHelpers
import PostgresNIO
import TapedeckCore
import TapedeckStore

/// `StoreTransaction` on a PostgreSQL transaction of a `BlockingConnection`: the recorder's batches, imports and
/// `regroup`. Events are gathered and sent in one `COPY` when the transaction ends (`flush()`). A statement the
/// server refuses fails alone, as on SQLite: the server aborts the whole transaction, so it is begun again with
/// every statement that had succeeded in it (kept in `journal`), which costs nothing while nothing is refused.
final class PostgresTransaction: StoreTransaction {
    private let connection: BlockingConnection
    private let partitions: PartitionCache
    private var pendingEvents = PostgresEventCopy()
    /// The sequence numbers pending per exchange, to refuse a duplicate the way the primary key would.
    private var pendingSequences: [String: Set<Int>] = [:]
    /// What ran successfully in this transaction, in order: replayed after a refused statement.
    private var journal: [Step] = []
    /// Set when replaying the journal failed: the transaction is lost, and every later statement fails.
    private var lost: (any Error)?

    /// One successful step of the transaction.
    private enum Step {
        case statement(PostgresQuery)
        case copy(PostgresEventCopy)
    }

    /// A transaction already begun on `connection`.
    init(connection: BlockingConnection, partitions: PartitionCache) {
        self.connection = connection
        self.partitions = partitions
    }

    /// Sends the gathered events in one COPY; call before COMMIT.
    func flush() throws {
        guard pendingEvents.count > 0 else { return }
        let payload = pendingEvents
        pendingEvents = PostgresEventCopy()
        pendingSequences = [:]
        try perform(.copy(payload))
    }

    /// Runs one statement of this transaction.
    @discardableResult
    private func run(_ query: PostgresQuery) throws -> PostgresQueryResult {
        if let lost { throw lost }
        do {
            let result = try connection.query(query)
            journal.append(.statement(query))
            return result
        } catch {
            try recover(from: error)
            throw error
        }
    }

    /// Performs `step` and journals it.
    private func perform(_ step: Step) throws {
        if case .statement(let query) = step {
            try run(query)
            return
        }
        if let lost { throw lost }
        do {
            try replay(step)
            journal.append(step)
        } catch {
            try recover(from: error)
            throw error
        }
    }

    private func replay(_ step: Step) throws {
        switch step {
        case .statement(let query): try connection.query(query)
        case .copy(let payload): try connection.copyEvents(payload)
        }
    }

    /// After a statement the server refused (which aborted the transaction): begins it again with every step that
    /// had succeeded, so only that statement fails. A lost connection loses the transaction instead.
    private func recover(from error: any Error) throws {
        guard !PostgresErrorText.isConnectionLoss(error) else { return }
        do {
            try connection.query("ROLLBACK")
            try connection.query("BEGIN")
            for step in journal { try replay(step) }
        } catch {
            lost = error
            throw error
        }
    }

    func retryCandidate(
        sha256: String, method: String, path: String, excludingID: String, from: Int64, to: Int64
    ) throws -> RetryCandidate? {
        let rows = try run(
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
        let day = PostgresSchema.day(ofNanos: record.startedAtNs)
        if !partitions.contains(day: day) {
            try run("SELECT tapedeck_events_partition(\(day)::date)")
            partitions.insert(day: day)
        }
        try run(PostgresRows.insert(record))
        partitions.remember(exchange: record.id, day: day)
    }

    func insertEvents(_ events: [RecordedEvent], exchangeID: String, failed: (any Error) -> Void) throws -> Int {
        guard let day = try day(ofExchange: exchangeID) else {
            let error = StoreError.database(
                operation: "recording events", reason: "exchange \(exchangeID) is not stored, so its events cannot be")
            for _ in events { failed(error) }
            return 0
        }
        var written = 0
        for event in events {
            if let refusal = refusal(of: event, exchangeID: exchangeID) {
                failed(StoreError.database(operation: "recording events", reason: refusal))
                continue
            }
            pendingSequences[exchangeID, default: []].insert(event.sequence)
            pendingEvents.append(day: day, exchangeID: exchangeID, event: event)
            written += 1
        }
        return written
    }

    /// The partition day of stored exchange `id` (remembered, or read), nil when it is not stored.
    private func day(ofExchange id: String) throws -> String? {
        if let day = partitions.day(ofExchange: id) { return day }
        guard let row = try run("SELECT started_at_ns FROM exchanges WHERE id = \(id)").first else { return nil }
        let day = PostgresSchema.day(ofNanos: try row.decode(Int64.self))
        partitions.remember(exchange: id, day: day)
        return day
    }

    /// The largest value PostgreSQL stores in one field (and what a binary COPY's 32-bit field length holds).
    static let maxFieldBytes = (1 << 30) - 1

    /// Why the server would refuse `event` (which would abort the whole COPY), or nil: it is refused here alone,
    /// as SQLite refuses one row.
    private func refusal(of event: RecordedEvent, exchangeID: String) -> String? {
        if event.sequence < 0 { return "event \(event.sequence) of \(exchangeID): a sequence number below 0" }
        if event.raw.count > Self.maxFieldBytes || event.payload.withDataUTF8({ $0.count }) > Self.maxFieldBytes {
            return "event \(event.sequence) of \(exchangeID): PostgreSQL holds at most 1 GiB in one field"
        }
        if event.payload.withDataUTF8({ $0.contains(0) }) || event.type.utf8.contains(0) {
            return "event \(event.sequence) of \(exchangeID): PostgreSQL text cannot hold a NUL character"
        }
        if pendingSequences[exchangeID]?.contains(event.sequence) == true {
            return "event \(event.sequence) of \(exchangeID) is already recorded (duplicate key)"
        }
        return nil
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
        try run(query)
    }

    func addDroppedEvents(_ count: Int, exchangeID: String) throws {
        try run(
            "UPDATE exchanges SET dropped_events = dropped_events + \(Int64(count)) WHERE id = \(exchangeID)")
    }

    func linkRetries(_ later: [String], to earlier: String) throws {
        try run(
            "UPDATE exchanges SET retry_of = \(earlier) WHERE id = ANY(\(later)::text[]) AND retry_of IS NULL")
        try run(
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
        try run("SELECT pg_advisory_xact_lock(hashtextextended(\("tapedeck-session:" + key), 0))")
        let rows = try run("SELECT id FROM sessions WHERE key = \(key)")
        return try rows.first?.decode(String.self)
    }

    func touchSession(_ id: String, lastAtNanos: Int64) throws -> Bool {
        let result = try run(
            "UPDATE sessions SET last_at_ns = GREATEST(last_at_ns, \(lastAtNanos)) WHERE id = \(id)")
        return (result.metadata.rows ?? 0) > 0
    }

    func insertSessionIfAbsent(_ summary: SessionSummary) throws {
        try run(
            """
            INSERT INTO sessions (id, key, grouped_by, client, started_at_ns, last_at_ns)
            VALUES (\(summary.id), \(summary.key), \(summary.grouping.rawValue), \(summary.client),
                    \(summary.startedAtNanos), \(summary.lastAtNanos))
            ON CONFLICT DO NOTHING
            """)
    }

    func placement(of id: String) throws -> (sessionID: String?, startedAtNanos: Int64)? {
        let rows = try run("SELECT session_id, started_at_ns FROM exchanges WHERE id = \(id)")
        guard let row = rows.first else { return nil }
        let (session, started) = try row.decode((String?, Int64).self)
        return (session, started)
    }

    func place(_ id: String, session: String?, thread: String?, turn: Int?, continues: String?) throws {
        let turn = turn.map { Int64($0) }
        try run(
            """
            UPDATE exchanges SET session_id = \(session), thread_id = \(thread), turn = \(turn),
                continues = \(continues) WHERE id = \(id)
            """)
    }

    func deleteSessionIfEmpty(_ id: String) throws {
        try run(
            "DELETE FROM sessions WHERE id = \(id) AND NOT EXISTS (SELECT 1 FROM exchanges WHERE session_id = \(id))")
    }

    func setContinuation(_ id: String, digest: ConversationDigest) throws {
        try run("UPDATE exchanges SET continuation_digest = \(Int64(digest.value)) WHERE id = \(id)")
    }

    func continuationCandidates(
        digests: [ConversationDigest], since: Int64, session: String?, limit: Int
    ) throws -> [StoredContinuation] {
        guard !digests.isEmpty else { return [] }
        let values = digests.map { Int64($0.value) }
        let rows = try run(
            """
            SELECT id, session_id, thread_id, turn, started_at_ns, continuation_digest FROM exchanges
            WHERE continuation_digest = ANY(\(values)::bigint[]) AND started_at_ns >= \(since)
              AND session_id IS NOT NULL AND (\(session)::text IS NULL OR session_id = \(session)::text)
            ORDER BY started_at_ns DESC, id DESC LIMIT \(Int64(limit))
            """)
        return try rows.map { row in
            let (id, sessionID, threadID, turn, started, digest) = try row.decode(
                (String, String, String?, Int32?, Int64, Int64).self)
            return StoredContinuation(
                id: id, sessionID: sessionID, threadID: threadID ?? id, turn: turn.map { Int($0) } ?? 1,
                startedAtNanos: started, digest: ConversationDigest(value: Int(digest)))
        }
    }

    func ungroupedExchangeIDs() throws -> [String] {
        try run("SELECT id FROM exchanges WHERE session_id IS NULL ORDER BY started_at_ns, id")
            .map { try $0.decode(String.self) }
    }

    func groupedExchangeIDs(from: Int64, to: Int64, limit: Int) throws -> [String] {
        try run(
            """
            SELECT id FROM exchanges WHERE session_id IS NOT NULL AND started_at_ns <= \(to)
              AND started_at_ns >= \(from) ORDER BY started_at_ns DESC, id DESC LIMIT \(Int64(limit))
            """
        ).map { try $0.decode(String.self) }
    }

    func recorded(_ id: String) throws -> RecordedExchange? {
        try flush()
        let rows = try run(
            "SELECT \(unescaped: PostgresRows.exchangeColumns) FROM exchanges WHERE id = \(id)")
        guard let row = rows.first else { return nil }
        let exchange = try PostgresRows.exchange(from: row)
        let events = try run(
            "SELECT seq, offset_ns, type, data, raw FROM events WHERE exchange_id = \(id) ORDER BY seq"
        ).map { try PostgresRows.event(from: $0) }
        return RecordedExchange(
            summary: exchange.summary, events: events, trailingBytes: exchange.trailingBytes,
            trailingOffsetNanos: exchange.trailingOffsetNanos)
    }
}

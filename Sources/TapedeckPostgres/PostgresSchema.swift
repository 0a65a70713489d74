import TapedeckCore

/// The PostgreSQL layout: the same tables and meanings as the SQLite file (docs/schema.md), its own migrations
/// table, and `events` partitioned by the day its exchange started (UTC), so `prune` drops whole partitions.
enum PostgresSchema {
    /// The schema version this build writes (`tapedeck_meta.schema_version`, as in SQLite).
    static let currentVersion = 3
    /// The name stored in `tapedeck_meta.application`.
    static let applicationName = "tapedeck"

    /// Every outcome the `exchanges.outcome` CHECK accepts, as SQL string literals.
    static let outcomeList = ExchangeOutcome.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    /// Every `sessions.grouped_by` the CHECK accepts, as SQL string literals.
    static let groupingList = SessionGrouping.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")

    /// The advisory-lock key every migration run takes, so two recorders starting at once migrate once.
    static let migrationLock: Int64 = 0x5450_444B_0001
    /// The advisory-lock key a live recorder holds shared and `markInterruptedExchanges` tries exclusive.
    static let recorderLock: Int64 = 0x5450_444B_0002
    /// The advisory-lock key partition creation takes.
    static let partitionLock: Int64 = 0x5450_444B_0003

    /// Named migrations in order; append new ones, never change a shipped one. Each runs in one transaction and
    /// is recorded in `tapedeck_migrations`.
    static let migrations: [(name: String, statements: [String])] = [
        (
            "v2-exchanges-sessions-events",
            [
                """
                CREATE TABLE tapedeck_meta (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE sessions (
                    id TEXT PRIMARY KEY CHECK (length(id) > 0),
                    key TEXT UNIQUE,
                    grouped_by TEXT NOT NULL CHECK (grouped_by IN (\(groupingList))),
                    client TEXT,
                    started_at_ns BIGINT NOT NULL,
                    last_at_ns BIGINT NOT NULL
                )
                """,
                "CREATE INDEX sessions_started_at ON sessions (started_at_ns)",
                "CREATE INDEX sessions_last_at ON sessions (last_at_ns)",
                """
                CREATE TABLE exchanges (
                    id TEXT PRIMARY KEY CHECK (length(id) > 0),
                    started_at_ns BIGINT NOT NULL,
                    method TEXT NOT NULL,
                    path TEXT NOT NULL,
                    query TEXT,
                    request_headers TEXT NOT NULL DEFAULT '[]',
                    request_body BYTEA NOT NULL DEFAULT '',
                    request_body_sha256 TEXT NOT NULL,
                    status INTEGER,
                    response_headers TEXT NOT NULL DEFAULT '[]',
                    is_streaming BOOLEAN NOT NULL DEFAULT FALSE,
                    model TEXT,
                    stop_reason TEXT,
                    outcome TEXT NOT NULL DEFAULT 'in_progress' CHECK (outcome IN (\(outcomeList))),
                    first_byte_ns BIGINT,
                    ttft_ns BIGINT,
                    duration_ns BIGINT,
                    input_tokens BIGINT,
                    output_tokens BIGINT,
                    cache_creation_input_tokens BIGINT,
                    cache_read_input_tokens BIGINT,
                    event_count INTEGER NOT NULL DEFAULT 0,
                    error_type TEXT,
                    error_message TEXT,
                    retry_of TEXT,
                    attempt INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1),
                    dropped_events INTEGER NOT NULL DEFAULT 0,
                    note TEXT,
                    trailing_bytes BYTEA NOT NULL DEFAULT '',
                    trailing_offset_ns BIGINT,
                    session_id TEXT,
                    thread_id TEXT,
                    turn INTEGER CHECK (turn >= 1),
                    continues TEXT
                )
                """,
                "CREATE INDEX exchanges_started_at ON exchanges (started_at_ns)",
                "CREATE INDEX exchanges_outcome ON exchanges (outcome, started_at_ns)",
                "CREATE INDEX exchanges_model ON exchanges (model, started_at_ns)",
                "CREATE INDEX exchanges_request ON exchanges (request_body_sha256, started_at_ns)",
                "CREATE INDEX exchanges_retry_of ON exchanges (retry_of)",
                "CREATE INDEX exchanges_session ON exchanges (session_id, started_at_ns)",
                """
                CREATE TABLE events (
                    day DATE NOT NULL,
                    exchange_id TEXT NOT NULL REFERENCES exchanges (id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL CHECK (seq >= 0),
                    offset_ns BIGINT NOT NULL,
                    type TEXT NOT NULL,
                    data TEXT NOT NULL,
                    raw BYTEA NOT NULL,
                    PRIMARY KEY (exchange_id, seq, day)
                ) PARTITION BY RANGE (day)
                """,
                "INSERT INTO tapedeck_meta (key, value) VALUES ('application', '\(applicationName)')",
                "INSERT INTO tapedeck_meta (key, value) VALUES ('schema_version', '2')",
            ]
        ),
        (
            // Creating a partition needs the parent table's owner; recorders (INSERT/UPDATE roles) call this
            // owner's function instead, which creates a day's partition once, under an advisory lock.
            "v2-events-partition-function",
            [
                """
                CREATE FUNCTION tapedeck_events_partition(day date) RETURNS void
                LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
                DECLARE
                    name text := 'events_' || to_char(day, 'YYYYMMDD');
                BEGIN
                    PERFORM pg_advisory_xact_lock(\(partitionLock));
                    IF to_regclass(name) IS NULL THEN
                        EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                            name, day, day + 1);
                    END IF;
                END
                $$
                """,
                "REVOKE ALL ON FUNCTION tapedeck_events_partition(date) FROM PUBLIC",
            ]
        ),
        (
            // Events carry no foreign key: its per-row trigger (a lookup and a row lock in `exchanges` for every
            // event) was most of the server's work per recorded event. The writer checks that an exchange is
            // stored before taking its events, and deleting an exchange deletes its events itself.
            "v3-events-without-foreign-key",
            ["ALTER TABLE events DROP CONSTRAINT IF EXISTS events_exchange_id_fkey"]
        ),
        (
            // The digest a continuation of each finished exchange starts with, as in SQLite's version 3: how a
            // recorder finds the turns another recorder wrote. Earlier rows keep NULL.
            "v4-exchange-continuations",
            [
                "ALTER TABLE exchanges ADD COLUMN continuation_digest BIGINT",
                """
                CREATE INDEX exchanges_continuation ON exchanges (continuation_digest, started_at_ns)
                WHERE continuation_digest IS NOT NULL
                """,
                "UPDATE tapedeck_meta SET value = '3' WHERE key = 'schema_version'",
            ]
        ),
    ]

    /// Migrations only recorders need: a read-only open of a database without them reads it as it is.
    static let readerOptionalMigrations: Set<String> = ["v4-exchange-continuations"]

    /// The table that records which migrations ran.
    static let migrationsTable = """
        CREATE TABLE IF NOT EXISTS tapedeck_migrations (
            name TEXT PRIMARY KEY,
            applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )
        """

    /// The UTC day (`YYYY-MM-DD`) an exchange that started at `nanos` belongs to, the events' partition key.
    static func day(ofNanos nanos: Int64) -> String {
        let perDay: Int64 = 86_400_000_000_000
        let days = nanos >= 0 ? nanos / perDay : (nanos + 1) / perDay - 1
        return CivilDate(daysSinceEpoch: days).text
    }
}

/// A proleptic Gregorian date without time zones, for partition days (Howard Hinnant's civil-from-days).
struct CivilDate {
    var year: Int64
    var month: Int64
    var day: Int64

    /// The date `days` after 1970-01-01.
    init(daysSinceEpoch days: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// The number of days from 1970-01-01 to the date written `YYYY-MM-DD`, year 1 or later (days-from-civil); a text that is not
    /// such a date (never made here: partition days come from `PostgresSchema.day(ofNanos:)`) gives 0.
    static func daysSinceEpoch(text: String) -> Int64 {
        let parts = text.split(separator: "-").compactMap { Int64($0) }
        guard parts.count == 3 else { return 0 }
        let year = parts[1] <= 2 ? parts[0] - 1 : parts[0]
        let era = (year >= 0 ? year : year - 399) / 400
        let yoe = year - era * 400
        let doy = (153 * (parts[1] > 2 ? parts[1] - 3 : parts[1] + 9) + 2) / 5 + parts[2] - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// `YYYY-MM-DD`, zero-padded.
    var text: String {
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

import GRDB
import TapedeckCore

/// The database layout: identity constants and the one migrator whose named migrations are never edited once shipped.
enum Schema {
    /// `PRAGMA application_id` of every tapedeck file: the bytes "TPDK".
    static let applicationID: Int32 = 0x5450_444B
    /// The name stored in `tapedeck_meta.application`.
    static let applicationName = "tapedeck"
    /// The schema version this build writes (`PRAGMA user_version` and `tapedeck_meta.schema_version`).
    static let currentVersion = 3
    /// The oldest schema a read-only open accepts as it is: what version 3 added (`continuation_digest`) only
    /// recorders read and write, so `ls` or `replay` need not upgrade a version 2 file.
    static let oldestReadableVersion = 2

    /// Every outcome the `exchanges.outcome` CHECK accepts, as SQL string literals.
    static let outcomeList = ExchangeOutcome.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")

    /// Every `sessions.grouped_by` the CHECK accepts, as SQL string literals.
    static let groupingList = SessionGrouping.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")

    /// The migrator; append new migrations at the end, never change a shipped one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-sessions-events-meta") { db in
            try db.execute(
                sql: """
                    CREATE TABLE tapedeck_meta (
                        key TEXT PRIMARY KEY NOT NULL,
                        value TEXT NOT NULL
                    );
                    CREATE TABLE sessions (
                        id TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
                        started_at_ns INTEGER NOT NULL,
                        method TEXT NOT NULL,
                        path TEXT NOT NULL,
                        query TEXT,
                        request_headers TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(request_headers)),
                        request_body BLOB NOT NULL DEFAULT x'',
                        request_body_sha256 TEXT NOT NULL,
                        status INTEGER,
                        response_headers TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(response_headers)),
                        is_streaming INTEGER NOT NULL DEFAULT 0 CHECK (is_streaming IN (0, 1)),
                        model TEXT,
                        stop_reason TEXT,
                        outcome TEXT NOT NULL DEFAULT 'in_progress' CHECK (outcome IN (\(outcomeList))),
                        first_byte_ns INTEGER,
                        ttft_ns INTEGER,
                        duration_ns INTEGER,
                        input_tokens INTEGER,
                        output_tokens INTEGER,
                        cache_creation_input_tokens INTEGER,
                        cache_read_input_tokens INTEGER,
                        event_count INTEGER NOT NULL DEFAULT 0,
                        error_type TEXT,
                        error_message TEXT,
                        retry_of TEXT,
                        attempt INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1),
                        dropped_events INTEGER NOT NULL DEFAULT 0,
                        note TEXT,
                        trailing_bytes BLOB NOT NULL DEFAULT x'',
                        trailing_offset_ns INTEGER
                    );
                    CREATE INDEX sessions_started_at ON sessions (started_at_ns);
                    CREATE INDEX sessions_outcome ON sessions (outcome, started_at_ns);
                    CREATE INDEX sessions_model ON sessions (model, started_at_ns);
                    CREATE INDEX sessions_request ON sessions (request_body_sha256, started_at_ns);
                    CREATE INDEX sessions_retry_of ON sessions (retry_of);
                    CREATE TABLE events (
                        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
                        seq INTEGER NOT NULL CHECK (seq >= 0),
                        offset_ns INTEGER NOT NULL,
                        type TEXT NOT NULL,
                        data TEXT NOT NULL,
                        raw BLOB NOT NULL,
                        PRIMARY KEY (session_id, seq)
                    );
                    """
            )
            try MetaRecord(key: "application", value: applicationName).insert(db)
            try MetaRecord(key: "schema_version", value: "1").insert(db)
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        // Version 1 called an exchange a "session"; version 2 renames it and adds real sessions (agent runs),
        // threads and turns. Existing rows get their session from `TapedeckStore.groupUngroupedExchanges()`.
        migrator.registerMigration("v2-exchanges-sessions-threads") { db in
            try db.execute(
                sql: """
                    ALTER TABLE sessions RENAME TO exchanges;
                    ALTER TABLE events RENAME COLUMN session_id TO exchange_id;
                    DROP INDEX sessions_started_at;
                    DROP INDEX sessions_outcome;
                    DROP INDEX sessions_model;
                    DROP INDEX sessions_request;
                    DROP INDEX sessions_retry_of;
                    CREATE INDEX exchanges_started_at ON exchanges (started_at_ns);
                    CREATE INDEX exchanges_outcome ON exchanges (outcome, started_at_ns);
                    CREATE INDEX exchanges_model ON exchanges (model, started_at_ns);
                    CREATE INDEX exchanges_request ON exchanges (request_body_sha256, started_at_ns);
                    CREATE INDEX exchanges_retry_of ON exchanges (retry_of);
                    ALTER TABLE exchanges ADD COLUMN session_id TEXT;
                    ALTER TABLE exchanges ADD COLUMN thread_id TEXT;
                    ALTER TABLE exchanges ADD COLUMN turn INTEGER CHECK (turn >= 1);
                    ALTER TABLE exchanges ADD COLUMN continues TEXT;
                    CREATE INDEX exchanges_session ON exchanges (session_id, started_at_ns);
                    CREATE TABLE sessions (
                        id TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
                        key TEXT UNIQUE,
                        grouped_by TEXT NOT NULL CHECK (grouped_by IN (\(groupingList))),
                        client TEXT,
                        started_at_ns INTEGER NOT NULL,
                        last_at_ns INTEGER NOT NULL
                    );
                    CREATE INDEX sessions_started_at ON sessions (started_at_ns);
                    CREATE INDEX sessions_last_at ON sessions (last_at_ns);
                    """
            )
            try db.execute(sql: "UPDATE tapedeck_meta SET value = '2' WHERE key = 'schema_version'")
            try db.execute(sql: "PRAGMA user_version = 2")
        }
        // Version 3 stores the digest a continuation of each finished exchange starts with, so a recorder finds
        // the earlier turns another recorder wrote (one session through two proxies). Earlier rows keep NULL.
        migrator.registerMigration("v3-exchange-continuations") { db in
            try db.execute(
                sql: """
                    ALTER TABLE exchanges ADD COLUMN continuation_digest INTEGER;
                    CREATE INDEX exchanges_continuation ON exchanges (continuation_digest, started_at_ns)
                        WHERE continuation_digest IS NOT NULL;
                    """
            )
            try db.execute(sql: "UPDATE tapedeck_meta SET value = '3' WHERE key = 'schema_version'")
            try db.execute(sql: "PRAGMA user_version = 3")
        }
        return migrator
    }
}

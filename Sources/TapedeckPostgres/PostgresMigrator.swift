import PostgresNIO
import TapedeckStore

/// Creates and upgrades the PostgreSQL schema, one transaction per named migration, under an advisory lock.
enum PostgresMigrator {
    /// Applies the migrations `connection`'s database lacks (or, `readOnly`, only checks that it is current).
    static func prepare(_ connection: BlockingConnection, readOnly: Bool, location: String) throws {
        let applied = try appliedMigrations(connection)
        let known = Set(PostgresSchema.migrations.map(\.name))
        let unknown = applied.subtracting(known)
        if !unknown.isEmpty {
            throw StoreError.newerSchema(path: location, found: known.count + unknown.count, supported: known.count)
        }
        if applied.isEmpty {
            try refuseForeignTables(connection, location: location)
        } else {
            try checkApplication(connection, location: location)
        }
        let missing = PostgresSchema.migrations.filter { !applied.contains($0.name) }
        guard !missing.isEmpty else { return }
        if readOnly {
            if applied.isEmpty { throw StoreError.noRecordings(path: location) }
            if missing.allSatisfy({ PostgresSchema.readerOptionalMigrations.contains($0.name) }) { return }
            throw StoreError.needsMigration(path: location, found: applied.count, supported: known.count)
        }
        try connection.transaction {
            try connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock))")
            try connection.query(PostgresQuery(unsafeSQL: PostgresSchema.migrationsTable))
            let now = try appliedMigrations(connection)
            for migration in PostgresSchema.migrations where !now.contains(migration.name) {
                for statement in migration.statements { try connection.query(PostgresQuery(unsafeSQL: statement)) }
                try connection.query("INSERT INTO tapedeck_migrations (name) VALUES (\(migration.name))")
            }
        }
    }

    /// The names in `tapedeck_migrations` (empty when the table does not exist).
    private static func appliedMigrations(_ connection: BlockingConnection) throws -> Set<String> {
        let exists = try connection.query("SELECT to_regclass('tapedeck_migrations') IS NOT NULL")
        guard try exists.first?.decode(Bool.self) == true else { return [] }
        return Set(try connection.query("SELECT name FROM tapedeck_migrations").map { try $0.decode(String.self) })
    }

    /// A database without tapedeck's migrations but with tables of the same names is someone else's: left alone.
    private static func refuseForeignTables(_ connection: BlockingConnection, location: String) throws {
        let rows = try connection.query(
            """
            SELECT count(*) FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_name IN ('exchanges', 'events', 'sessions', 'tapedeck_meta')
            """)
        if try rows.first?.decode(Int64.self) ?? 0 > 0 {
            throw StoreError.notTapedeck(
                path: location, detail: "it has tables named like tapedeck's but no tapedeck_migrations table")
        }
    }

    /// Refuses a database whose `tapedeck_meta` does not name tapedeck.
    private static func checkApplication(_ connection: BlockingConnection, location: String) throws {
        let rows = try connection.query("SELECT value FROM tapedeck_meta WHERE key = 'application'")
        guard try rows.first?.decode(String.self) == PostgresSchema.applicationName else {
            throw StoreError.notTapedeck(path: location, detail: "its tapedeck_meta table does not name tapedeck")
        }
    }
}

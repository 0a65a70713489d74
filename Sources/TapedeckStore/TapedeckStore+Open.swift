import GRDB

/// Opening the file: what is read before anything is written, the migration, and the pool settings.
extension TapedeckStore {
    /// What a read-only look at an existing file found.
    struct Probe {
        /// `PRAGMA user_version`: 0 for a file tapedeck never migrated.
        var version: Int
        /// Exchanges without a session (an import or a recorder stopped before grouping them).
        var hasUngrouped: Bool

        /// Whether opening for writing must write now: an upgrade, or exchanges to group.
        var needsWrite: Bool { version < Schema.currentVersion || hasUngrouped }
    }

    /// Writes the application id into the header of a new file before WAL mode, so the main file always carries it.
    static func stampApplicationID(path: String) throws(StoreError) {
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA application_id = \(Schema.applicationID)")
            }
            try queue.close()
        } catch {
            throw StoreError.wrapping(error, path: path, operation: "creating the database")
        }
    }

    /// Reads the schema version, and whether exchanges wait to be grouped, through a read-only connection (which
    /// sees the WAL and writes nothing); refuses a newer schema and a file whose metadata does not name tapedeck.
    static func probe(path: String) throws(StoreError) -> Probe {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "tapedeck.probe"
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db -> Probe in
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                if version > Schema.currentVersion {
                    throw StoreError.newerSchema(path: path, found: version, supported: Schema.currentVersion)
                }
                if version >= 1 {
                    let application = try String.fetchOne(
                        db, sql: "SELECT value FROM tapedeck_meta WHERE key = 'application'")
                    guard application == Schema.applicationName else {
                        throw StoreError.notTapedeck(
                            path: path, detail: "its tapedeck_meta table does not name tapedeck")
                    }
                }
                guard version >= Schema.oldestReadableVersion else {
                    return Probe(version: version, hasUngrouped: false)
                }
                let ungrouped =
                    try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM exchanges WHERE session_id IS NULL)")
                    ?? false
                return Probe(version: version, hasUngrouped: ungrouped)
            }
        } catch {
            throw StoreError.wrapping(error, path: path, operation: "reading the schema version")
        }
    }

    /// Upgrades the schema and groups exchanges that have no session yet, on the writer connection.
    static func migrateAndGroup(_ pool: DatabasePool, path: String) throws(StoreError) {
        do {
            try Schema.migrator.migrate(pool)
        } catch {
            throw StoreError.wrappingWrite(error, path: path, operation: "upgrading the schema")
        }
        do {
            // A file from schema 1 has exchanges but no sessions yet: group them once, on the first write open.
            // On the writer connection: with a pool reader opened here, the WAL file outlived `close()` (seen in
            // StoreOpeningTests), so a damaged main file was read through its WAL.
            try pool.write { db in try groupUngrouped(db) }
        } catch {
            throw StoreError.wrappingWrite(error, path: path, operation: "grouping exchanges into sessions")
        }
    }

    /// Opens the GRDB pool with the settings every tapedeck connection uses.
    static func openPool(path: String, readOnly: Bool, busyTimeout: Duration) throws(StoreError)
        -> DatabasePool
    {
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.label = "tapedeck"
        configuration.busyMode = .timeout(
            Double(busyTimeout.components.seconds) + Double(busyTimeout.components.attoseconds) / 1e18)
        configuration.prepareDatabase { db in
            if !db.configuration.readonly {
                // WAL + NORMAL survives an application crash; only power loss can drop the last commits.
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // The writer keeps the events index hot while many exchanges append at once (32 MiB).
                try db.execute(sql: "PRAGMA cache_size = -32768")
            }
        }
        do {
            return try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError.wrapping(error, path: path, operation: "opening the database")
        }
    }
}

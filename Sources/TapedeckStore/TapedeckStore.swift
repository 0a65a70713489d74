import Foundation
import GRDB
import TapedeckCore

/// The recordings file: opens (or creates, mode 0600, WAL) and migrates it, refusing anything that is not ours.
public final class TapedeckStore: Sendable {
    /// The database file path as given.
    public let path: String
    /// Whether this store refuses writes (and never created or migrated the file).
    public let isReadOnly: Bool
    /// GRDB's connection pool: one writer, concurrent readers (WAL).
    let database: DatabasePool
    /// The file this store opened, to tell when the path no longer names it (deleted or replaced).
    let fileIdentity: StoreFile.Identity?

    /// Opens the store at `path`; with `readOnly` the file must already hold a tapedeck database. A write waits up
    /// to `busyTimeout` for another process's lock before it fails (the recorder then retries its batch).
    public init(path: String, readOnly: Bool = false, busyTimeout: Duration = .seconds(10)) throws(StoreError) {
        self.path = path
        self.isReadOnly = readOnly
        let state = try StoreFile.inspect(path)
        if readOnly {
            guard state == .tapedeck else { throw StoreError.noRecordings(path: path) }
            let version = try Self.probeVersion(path: path)
            if version == 0 { throw StoreError.noRecordings(path: path) }
            if version < Schema.currentVersion {
                throw StoreError.needsMigration(path: path, found: version, supported: Schema.currentVersion)
            }
            database = try Self.openPool(path: path, readOnly: true, busyTimeout: busyTimeout)
            fileIdentity = StoreFile.identity(of: path)
            return
        }
        database = try StoreFile.withPrivateUmask { () throws(StoreError) -> DatabasePool in
            switch state {
            case .missing, .empty:
                try StoreFile.create(path, existingEmpty: state == .empty)
                try Self.stampApplicationID(path: path)
            case .tapedeck:
                _ = try Self.probeVersion(path: path)
            }
            let pool = try Self.openPool(path: path, readOnly: false, busyTimeout: busyTimeout)
            do {
                try Schema.migrator.migrate(pool)
            } catch {
                throw StoreError.wrapping(error, path: path, operation: "upgrading the schema")
            }
            do {
                // A file from schema 1 has exchanges but no sessions yet: group them once, on the first write open.
                // On the writer connection: with a pool reader opened here, the WAL file outlived `close()` (seen in
                // StoreOpeningTests), so a damaged main file was read through its WAL.
                try pool.write { db in try Self.groupUngrouped(db) }
            } catch {
                throw StoreError.wrapping(error, path: path, operation: "grouping exchanges into sessions")
            }
            return pool
        }
        fileIdentity = StoreFile.identity(of: path)
    }

    /// Whether the path still names the file this store has open (false once it was deleted or replaced).
    public var fileIsStillAtPath: Bool {
        guard let fileIdentity else { return true }
        return StoreFile.identity(of: path) == fileIdentity
    }

    /// Closes the connections; later calls fail. Deinit closes too, so this is only for deterministic release.
    public func close() throws(StoreError) {
        do { try database.close() } catch { throw StoreError.wrapping(error, path: path, operation: "closing") }
    }

    /// A batched writer for live capture into this store.
    /// `onNotice` hears at once about trouble worth telling the user while recording goes on (the file deleted).
    public func makeRecorder(
        configuration: ExchangeRecorder.Configuration = .init(), onNotice: (@Sendable (String) -> Void)? = nil
    ) -> ExchangeRecorder {
        ExchangeRecorder(store: self, configuration: configuration, onNotice: onNotice)
    }

    /// Writes the application id into the header of a new file before WAL mode, so the main file always carries it.
    private static func stampApplicationID(path: String) throws(StoreError) {
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

    /// Reads the schema version through a read-only connection (which sees the WAL and writes nothing).
    private static func probeVersion(path: String) throws(StoreError) -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "tapedeck.probe"
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db -> Int in
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
                return version
            }
        } catch {
            throw StoreError.wrapping(error, path: path, operation: "reading the schema version")
        }
    }

    /// Opens the GRDB pool with the settings every tapedeck connection uses.
    private static func openPool(path: String, readOnly: Bool, busyTimeout: Duration) throws(StoreError)
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

import Foundation
import GRDB
import TapedeckCore

/// The recordings file: opens (or creates, mode 0600, WAL) and migrates it, refusing anything that is not ours.
public final class TapedeckStore: Sendable {
    /// The database file path as given.
    public let path: String
    /// Whether this store refuses writes (and never created or migrated the file).
    public let isReadOnly: Bool
    /// A read-only pool for reads, and the writer opened at the first write (see `StoreConnections`).
    let connections: StoreConnections
    /// The file this store opened, to tell when the path no longer names it (deleted or replaced).
    let fileIdentity: StoreFile.Identity?

    /// The read-write pool, opened now if nothing was written yet (a read-only store refuses).
    var database: DatabasePool {
        get throws(StoreError) {
            guard !isReadOnly else { throw StoreError.readOnly(path: path) }
            return try connections.writer()
        }
    }

    /// Opens the store at `path`; with `readOnly` the file must already hold a tapedeck database. A write waits up
    /// to `busyTimeout` for another process's lock before it fails (the recorder then retries its batch).
    ///
    /// Nothing is written until something must be: an existing file that is up to date is only read (through a
    /// read-only connection) until the first write, so a command that fails before writing, or only reads, leaves
    /// the file's bytes as they were. A new file is created and migrated at once; an old one is upgraded at once.
    public init(path: String, readOnly: Bool = false, busyTimeout: Duration = .seconds(10)) throws(StoreError) {
        self.path = path
        self.isReadOnly = readOnly
        // Before anything here opens the file: a journal already there belongs to someone else.
        let journalExisted = IdleJournal.exists(beside: path)
        let state = try StoreFile.inspect(path)
        let openWriter: @Sendable () throws(StoreError) -> DatabasePool = { () throws(StoreError) -> DatabasePool in
            try StoreFile.withPrivateUmask { () throws(StoreError) -> DatabasePool in
                try Self.openPool(path: path, readOnly: false, busyTimeout: busyTimeout)
            }
        }
        if readOnly {
            guard state == .tapedeck else { throw StoreError.noRecordings(path: path) }
            let probe = try Self.probe(path: path)
            if probe.version == 0 { throw StoreError.noRecordings(path: path) }
            if probe.version < Schema.oldestReadableVersion {
                throw StoreError.needsMigration(path: path, found: probe.version, supported: Schema.currentVersion)
            }
        }
        var writer: DatabasePool?
        if !readOnly {
            let needsWrite: Bool
            switch state {
            case .missing, .empty:
                try StoreFile.withPrivateUmask { () throws(StoreError) in
                    try StoreFile.create(path, existingEmpty: state == .empty)
                    try Self.stampApplicationID(path: path)
                }
                needsWrite = true
            case .tapedeck:
                needsWrite = try Self.probe(path: path).needsWrite
            }
            if needsWrite {
                let pool = try openWriter()
                try Self.migrateAndGroup(pool, path: path)
                writer = pool
            }
        }
        let reader = try StoreFile.withPrivateUmask { () throws(StoreError) -> DatabasePool in
            try Self.openPool(path: path, readOnly: true, busyTimeout: busyTimeout)
        }
        connections = StoreConnections(
            reader: reader, writer: writer, journalToRemove: journalExisted ? nil : path, openWriter: openWriter)
        fileIdentity = StoreFile.identity(of: path)
    }

    /// Whether the path still names the file this store has open (false once it was deleted or replaced).
    public var fileIsStillAtPath: Bool {
        guard let fileIdentity else { return true }
        return StoreFile.identity(of: path) == fileIdentity
    }

    /// Closes the connections; later calls fail. Deinit closes too, so this is only for deterministic release.
    public func close() throws(StoreError) {
        do { try connections.close() } catch { throw StoreError.wrapping(error, path: path, operation: "closing") }
    }

    /// A batched writer for live capture into this store.
    /// `onNotice` hears at once about trouble worth telling the user while recording goes on (the file deleted).
    public func makeRecorder(
        configuration: ExchangeRecorder.Configuration = .init(), onNotice: (@Sendable (String) -> Void)? = nil
    ) -> ExchangeRecorder {
        ExchangeRecorder(
            database: SQLiteRecorderDatabase(store: self),
            lock: isReadOnly ? nil : RecorderLock(databasePath: path, exclusive: false), configuration: configuration,
            onNotice: onNotice)
    }
}

import Foundation
import GRDB

/// The store's SQLite connections: a read-only pool for every read, and the read-write pool opened only when the
/// first write comes.
///
/// Opening a read-write GRDB pool writes to the file by itself: with no WAL yet (after every clean close) GRDB
/// creates and drops a table so one exists, which rewrites the header's change counter and schema cookie. A command
/// that only reads, or fails before it writes (an `import` of a bad file, a damaged database), must leave the file
/// byte for byte as it was, so the writer waits until something is written.
///
/// `@unchecked Sendable`: `writerPool` is guarded by `lock`; the pools themselves are thread-safe.
final class StoreConnections: @unchecked Sendable {
    /// Read-only connections: they never change the file.
    let reader: DatabasePool
    private let lock = NSLock()
    private var writerPool: DatabasePool?
    private let openWriter: @Sendable () throws(StoreError) -> DatabasePool
    /// The database file, when the readers made its `-wal` and `-shm` (none were there before) and must let them go
    /// on close if nothing wrote.
    private let journalToRemove: String?
    private var closed = false

    /// Connections over `reader`, with `writer` already open (a new or migrated file) or opened by `openWriter`;
    /// `journalToRemove` names the file whose idle `-wal`/`-shm` the readers caused.
    init(
        reader: DatabasePool, writer: DatabasePool?, journalToRemove: String? = nil,
        openWriter: @escaping @Sendable () throws(StoreError) -> DatabasePool
    ) {
        self.reader = reader
        self.writerPool = writer
        self.journalToRemove = journalToRemove
        self.openWriter = openWriter
    }

    /// The read-write pool, opened now if this is the first write.
    func writer() throws(StoreError) -> DatabasePool {
        lock.lock()
        defer { lock.unlock() }
        if let writerPool { return writerPool }
        let pool = try openWriter()
        writerPool = pool
        return pool
    }

    /// Whether a read-write connection was opened (so the file may have been written).
    var hasWriter: Bool {
        lock.lock()
        defer { lock.unlock() }
        return writerPool != nil
    }

    /// Closes the readers first, then the writer: the last connection to close checkpoints and removes the WAL,
    /// and read-only connections cannot, so closing them last would leave the WAL behind.
    func close() throws {
        try reader.close()
        lock.lock()
        let writer = writerPool
        let firstClose = !closed
        closed = true
        lock.unlock()
        try writer?.close()
        // A writer's last close removes the journal itself; readers alone cannot, so they are helped once.
        if writer == nil, firstClose, let journalToRemove { IdleJournal.removeIfIdle(beside: journalToRemove) }
    }

    deinit {
        try? close()
    }
}

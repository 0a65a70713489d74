import Foundation
import GRDB

/// The `-wal` and `-shm` files a read-only open of a WAL database leaves behind: SQLite creates them for any
/// reader, but only a read-write connection that closes last may remove them. A command that only read must leave
/// the directory as it found it, so the store removes the ones it caused, the way SQLite itself would.
enum IdleJournal {
    /// Whether `path` has a `-wal` or `-shm` beside it now (before opening: then they are someone else's).
    static func exists(beside path: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "-wal") || FileManager.default.fileExists(atPath: path + "-shm")
    }

    /// Lets SQLite remove an empty `-wal` and its `-shm` beside `path`: a read-write connection that reads once and
    /// closes checkpoints nothing (the log is empty) and, when it is the last connection to the file, deletes both;
    /// while another process has the file open it leaves them, as they are that process's. A log with frames in it
    /// (another writer's, never this store's readers') is not touched, nor is a file this process may not write.
    static func removeIfIdle(beside path: String) {
        let log = path + "-wal"
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: log),
            (attributes[.size] as? NSNumber)?.intValue == 0
        else { return }
        guard FileManager.default.isWritableFile(atPath: path) else { return }
        var configuration = Configuration()
        configuration.label = "tapedeck.journal"
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            try queue.close()
        } catch {
            // Leaving two empty files behind is harmless; a failure here must not fail a command that succeeded.
        }
    }
}

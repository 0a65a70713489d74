/// What the recorder's writer thread writes through: one transaction at a time on one connection, from a thread
/// that may block (never an event loop). SQLite and PostgreSQL each provide one; the recorder is the same.
package protocol RecorderDatabase: Sendable {
    /// What messages call the database (a path, or a URL without its password).
    var location: String { get }
    /// Runs `body` in one write transaction: committed when it returns, rolled back when it throws.
    func transaction(_ body: (any StoreTransaction) throws -> Void) throws
    /// The user's message for an error met while doing `operation`.
    func describe(_ error: any Error, operation: String) -> String
    /// When the database went away under the recorder in a way a new one at the same place repairs (an SQLite
    /// file deleted), the replacement and what to tell the user; nil when nothing is to be done.
    func replacementIfGone() -> RecorderDatabaseReplacement?
    /// Releases what the writer held (its connection) once the recorder stopped.
    func close()
}

/// A database the writer found gone, and what it did about it.
package enum RecorderDatabaseReplacement {
    /// A new database at the same place, to write the rest into; `notice` tells the user.
    case replaced(any RecorderDatabase, notice: String)
    /// It could not be replaced; recording stops, forwarding goes on.
    case failed(notice: String)
}

/// The SQLite file as the recorder's database.
struct SQLiteRecorderDatabase: RecorderDatabase {
    /// The store whose writer connection the recorder uses.
    let store: TapedeckStore

    var location: String { store.path }

    func transaction(_ body: (any StoreTransaction) throws -> Void) throws {
        try store.database.write { db in try body(SQLiteTransaction(db: db)) }
    }

    func describe(_ error: any Error, operation: String) -> String {
        StoreError.wrappingWrite(error, path: store.path, operation: operation).description
    }

    func replacementIfGone() -> RecorderDatabaseReplacement? {
        guard !store.isReadOnly, !store.fileIsStillAtPath else { return nil }
        let path = store.path
        do {
            return .replaced(SQLiteRecorderDatabase(store: try TapedeckStore(path: path)), notice: "")
        } catch {
            return .failed(
                notice: "the database file \(path) was deleted or replaced while recording, and a new one could not "
                    + "be made there (\(error)); recording stops, forwarding goes on")
        }
    }

    /// Nothing to release: the store's connections close with the store.
    func close() {}
}

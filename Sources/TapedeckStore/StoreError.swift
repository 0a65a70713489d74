import Foundation

/// Why the store refused a file or a request, phrased so the user knows what to do next.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// A read-only open found no file (or an empty one).
    case noRecordings(path: String)
    /// The file exists but is not an SQLite database at all.
    case notSQLite(path: String)
    /// The file is an SQLite database written by something other than tapedeck.
    case notTapedeck(path: String, detail: String)
    /// The file was written by a newer tapedeck with a schema this build does not know.
    case newerSchema(path: String, found: Int, supported: Int)
    /// The file needs a migration but was opened read-only.
    case needsMigration(path: String, found: Int, supported: Int)
    /// SQLite reports the file as damaged, found before anything was written to it.
    case corrupt(path: String, reason: String)
    /// SQLite reports the file as damaged in a write (the file was open for writing, so not "left untouched").
    case damagedWhileWriting(path: String, reason: String)
    /// The file could not be created or opened (permissions, missing directory, ...), or the server not reached.
    case cannotOpen(path: String, reason: String)
    /// A write was attempted on a store opened read-only.
    case readOnly(path: String)
    /// No exchange matches a reference given by the user.
    case exchangeNotFound(reference: String, path: String)
    /// An exchange id prefix matches several exchanges.
    case ambiguousReference(reference: String, candidates: [String])
    /// `insert` was given an exchange whose id is already stored.
    case duplicateExchange(id: String)
    /// Any other SQLite failure, with the operation that failed.
    case database(operation: String, reason: String)

    /// The message shown to the user.
    public var description: String {
        switch self {
        case .noRecordings(let path):
            return "No recordings in \(path) yet. Record with `tapedeck record -- <command>` (or point a client at "
                + "`tapedeck record`), or try `tapedeck demo`; --db or TAPEDECK_DB picks another file."
        case .notSQLite(let path):
            return "\(path) is not an SQLite database, so it is not a tapedeck recording file; "
                + "pass another file with --db (or TAPEDECK_DB) or move this one away"
        case .notTapedeck(let path, let detail):
            return "\(path) is an SQLite database but not a tapedeck one (\(detail)); it was left untouched; "
                + "pass another file with --db (or TAPEDECK_DB)"
        case .newerSchema(let path, let found, let supported):
            return "\(path) was written by a newer tapedeck (schema version \(found); this build knows up to "
                + "\(supported)); it was left untouched; upgrade tapedeck to open it"
        case .needsMigration(let path, let found, let supported):
            return "\(path) has schema version \(found) and needs upgrading to \(supported); "
                + "run `tapedeck regroup --db \(path)` once to upgrade it in place and group its exchanges into sessions"
        case .corrupt(let path, let reason):
            return "\(path) is damaged (\(reason)); it was left untouched; try "
                + "`sqlite3 \(path) .recover > recovered.sql` or pass another file with --db"
        case .damagedWhileWriting(let path, let reason):
            return "\(path) is damaged (\(reason)), found while writing to it; the write was rolled back; try "
                + "`sqlite3 \(path) .recover > recovered.sql` or pass another file with --db"
        case .cannotOpen(let path, let reason) where StoreLocation.isServerURL(path):
            return "cannot reach \(path): \(reason); check that the server is running and that the URL's host, "
                + "port, user and database are right"
        case .cannotOpen(let path, let reason):
            return "cannot open \(path): \(reason); check the path and its permissions"
        case .readOnly(let path):
            return "\(path) was opened read-only; this command cannot change it"
        case .exchangeNotFound(let reference, let path):
            return "no session or exchange matches \"\(reference)\" in \(path); run `tapedeck ls` (sessions) or "
                + "`tapedeck ls --exchanges` to see the ids"
        case .ambiguousReference(let reference, let candidates):
            let shown = candidates.prefix(10).joined(separator: ", ")
            let more = candidates.count > 10 ? ", ..." : ""
            return
                "\"\(reference)\" matches \(candidates.count) exchanges (\(shown)\(more)); type more characters of the id"
        case .duplicateExchange(let id):
            return "an exchange with id \(id) is already stored; delete it first or import into another file"
        case .database(let operation, let reason):
            return "database error while \(operation): \(reason)"
        }
    }

    /// Foundation's view of the message, so `localizedDescription` says the same thing.
    public var errorDescription: String? { description }
}

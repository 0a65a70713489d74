import GRDB

extension StoreError {
    /// Turns any error thrown by GRDB into a `StoreError` that names the file and what was being done.
    static func wrapping(_ error: any Error, path: String, operation: String) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        guard let databaseError = error as? DatabaseError else {
            return .database(operation: operation, reason: "\(error)")
        }
        let reason = databaseError.message ?? "\(databaseError.resultCode)"
        switch databaseError.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return .corrupt(path: path, reason: reason)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            return .cannotOpen(path: path, reason: reason)
        case .SQLITE_READONLY:
            return .readOnly(path: path)
        default:
            let sql = databaseError.sql.map { " in `\($0)`" } ?? ""
            return .database(operation: operation, reason: reason + sql)
        }
    }

    /// `wrapping` for an error met with the file open for writing: damage found then is not "left untouched".
    static func wrappingWrite(_ error: any Error, path: String, operation: String) -> StoreError {
        let wrapped = wrapping(error, path: path, operation: operation)
        if case .corrupt(let path, let reason) = wrapped { return .damagedWhileWriting(path: path, reason: reason) }
        return wrapped
    }
}

import GRDB
import GRDBSQLite

extension DatabaseError {
    /// The error of a statement stepped on the SQLite C API (the store's in-place bindings), in the form GRDB gives
    /// its own: the code, the connection's message, the SQL.
    static func stepped(_ code: CInt, on connection: SQLiteConnection?, sql: String) -> DatabaseError {
        let message = connection.map { String(cString: sqlite3_errmsg($0)) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }
}

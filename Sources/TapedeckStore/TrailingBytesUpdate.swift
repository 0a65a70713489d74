import GRDB
import GRDBSQLite

/// Stores an exchange's trailing bytes (a cut event, or the whole body of a non-streaming response) bound in
/// place on the SQLite C API: through GRDB's arguments a 100 MB body was copied into `Data` and again by SQLite
/// (`SQLITE_TRANSIENT`) before SQLite built the row, three copies where the row's own is enough.
enum TrailingBytesUpdate {
    private static let sql = "UPDATE exchanges SET trailing_bytes = ?, trailing_offset_ns = ? WHERE id = ?"

    /// Sets `trailing_bytes` and `trailing_offset_ns` of exchange `id`.
    static func run(_ bytes: [UInt8], offsetNanos: Int64?, id: String, _ db: Database) throws {
        try SmallPageCache.whileWriting(bytes: bytes.count, db) {
            try update(bytes, offsetNanos: offsetNanos, id: id, db)
        }
    }

    private static func update(_ bytes: [UInt8], offsetNanos: Int64?, id: String, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: sql)
        let handle = statement.sqliteStatement
        let code: CInt = id.withCString { idPointer in
            bytes.withUnsafeBytes { buffer -> CInt in
                guard buffer.count < Int(CInt.max) else { return SQLITE_TOOBIG }
                // SQLITE_STATIC (nil destructor): the bytes outlive the step; bindings are cleared below. An empty
                // blob needs a non-null pointer, or SQLite stores NULL.
                sqlite3_bind_blob(handle, 1, buffer.baseAddress ?? UnsafeRawPointer(idPointer), CInt(buffer.count), nil)
                if let offsetNanos {
                    sqlite3_bind_int64(handle, 2, offsetNanos)
                } else {
                    sqlite3_bind_null(handle, 2)
                }
                sqlite3_bind_text(handle, 3, idPointer, -1, nil)
                let result = sqlite3_step(handle)
                sqlite3_reset(handle)
                sqlite3_clear_bindings(handle)
                return result
            }
        }
        guard code == SQLITE_DONE else { throw DatabaseError.stepped(code, on: db.sqliteConnection, sql: sql) }
    }
}

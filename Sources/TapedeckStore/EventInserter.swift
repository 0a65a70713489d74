import GRDB
import GRDBSQLite
import TapedeckCore

/// The recorder's event INSERT on the SQLite C API: binds strings and bytes in place (no `Data` copies, no
/// `StatementArguments` boxing), about a third less CPU per event than going through GRDB's arguments. A large
/// event's bytes are written into the row in pieces, so storing it does not build a second copy of it in memory.
struct EventInserter {
    private let statement: Statement
    private let connection: SQLiteConnection?
    private let db: Database

    /// From this size on, `raw` is inserted as zeros and written in place afterwards (`raw` is the row's last
    /// column, so SQLite stores the zeros without making them): the row SQLite builds holds `data` only.
    static let incrementalRawBytes = SmallPageCache.largeValueBytes
    /// The piece written at a time into a large `raw`.
    static let rawPieceBytes = 1 << 20

    /// Prepares (or reuses) the INSERT on `db`; valid inside the current write access only.
    init(_ db: Database) throws {
        statement = try db.cachedStatement(sql: EventRecord.insertSQL)
        connection = db.sqliteConnection
        self.db = db
    }

    /// Inserts one event row; throws a `DatabaseError` naming the SQL when SQLite refuses it. A large event is
    /// inserted inside a savepoint, so a failure part way leaves no row.
    func insert(exchangeID: String, event: RecordedEvent) throws {
        guard event.raw.count >= Self.incrementalRawBytes, let connection else {
            try check(step(exchangeID: exchangeID, event: event, zeroRaw: false))
            return
        }
        try SmallPageCache.whileWriting(bytes: event.raw.count, db) {
            try insertLarge(exchangeID: exchangeID, event: event, connection)
        }
    }

    /// The large event's INSERT of zeros and the writing of its bytes, in a savepoint.
    private func insertLarge(exchangeID: String, event: RecordedEvent, _ connection: SQLiteConnection) throws {
        try check(sqlite3_exec(connection, "SAVEPOINT tapedeck_large_event", nil, nil, nil))
        var code = step(exchangeID: exchangeID, event: event, zeroRaw: true)
        if code == SQLITE_DONE { code = writeRaw(event.raw, rowID: sqlite3_last_insert_rowid(connection), connection) }
        if code == SQLITE_DONE {
            try check(sqlite3_exec(connection, "RELEASE tapedeck_large_event", nil, nil, nil))
        } else {
            let failure = error(code)
            _ = sqlite3_exec(connection, "ROLLBACK TO tapedeck_large_event", nil, nil, nil)
            _ = sqlite3_exec(connection, "RELEASE tapedeck_large_event", nil, nil, nil)
            throw failure
        }
    }

    /// Binds and steps the INSERT; `zeroRaw` binds `raw` as zeros of its length for `writeRaw` to fill.
    private func step(exchangeID: String, event: RecordedEvent, zeroRaw: Bool) -> CInt {
        let handle = statement.sqliteStatement
        return exchangeID.withCString { exchangePointer in
            event.type.withCString { typePointer in
                event.payload.withDataUTF8 { data in
                    event.raw.withUnsafeBytes { rawBytes -> CInt in
                        guard rawBytes.count < Int(CInt.max), data.count < Int(CInt.max) else { return SQLITE_TOOBIG }
                        // SQLITE_STATIC (nil destructor): the pointers outlive the step; bindings are cleared below.
                        // Text with a length (not up to a NUL): every byte of `data` is kept.
                        sqlite3_bind_text(handle, 1, exchangePointer, -1, nil)
                        sqlite3_bind_int64(handle, 2, Int64(event.sequence))
                        sqlite3_bind_int64(handle, 3, event.offsetNanos)
                        sqlite3_bind_text(handle, 4, typePointer, -1, nil)
                        // Empty text needs a non-null pointer, or SQLite stores NULL.
                        let dataBase = data.baseAddress.map(UnsafeRawPointer.init) ?? UnsafeRawPointer(exchangePointer)
                        sqlite3_bind_text(
                            handle, 5, dataBase.assumingMemoryBound(to: CChar.self), CInt(data.count), nil)
                        if zeroRaw {
                            sqlite3_bind_zeroblob(handle, 6, CInt(rawBytes.count))
                        } else {
                            // A zero-length blob needs a non-null pointer, or SQLite stores NULL.
                            let base = rawBytes.baseAddress ?? UnsafeRawPointer(exchangePointer)
                            sqlite3_bind_blob(handle, 6, base, CInt(rawBytes.count), nil)
                        }
                        let result = sqlite3_step(handle)
                        sqlite3_reset(handle)
                        sqlite3_clear_bindings(handle)
                        return result
                    }
                }
            }
        }
    }

    /// Writes `raw` into the zeros of row `rowID` piece by piece; SQLITE_DONE when all of it is written.
    private func writeRaw(_ raw: [UInt8], rowID: Int64, _ connection: SQLiteConnection) -> CInt {
        var blob: OpaquePointer?
        var code = sqlite3_blob_open(connection, "main", "events", "raw", rowID, 1, &blob)
        defer { sqlite3_blob_close(blob) }
        guard code == SQLITE_OK else { return code }
        code = raw.withUnsafeBytes { bytes -> CInt in
            var offset = 0
            while offset < bytes.count {
                let length = min(Self.rawPieceBytes, bytes.count - offset)
                guard let base = bytes.baseAddress else { return SQLITE_OK }
                let written = sqlite3_blob_write(blob, base + offset, CInt(length), CInt(offset))
                guard written == SQLITE_OK else { return written }
                offset += length
            }
            return SQLITE_OK
        }
        return code == SQLITE_OK ? SQLITE_DONE : code
    }

    private func check(_ code: CInt) throws {
        guard code == SQLITE_DONE || code == SQLITE_OK else { throw error(code) }
    }

    private func error(_ code: CInt) -> DatabaseError {
        .stepped(code, on: connection, sql: EventRecord.insertSQL)
    }
}

import Foundation
import GRDB
import TapedeckCore

/// One row of `events`: an SSE event of an exchange with its arrival offset and exact bytes.
struct EventRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "events"

    var exchangeId: String
    var seq: Int
    var offsetNs: Int64
    var type: String
    var data: String
    var raw: Data

    enum CodingKeys: String, CodingKey {
        case exchangeId = "exchange_id"
        case seq
        case offsetNs = "offset_ns"
        case type
        case data
        case raw
    }

    /// The row for `event` of exchange `exchangeID`.
    init(exchangeID: String, event: RecordedEvent) {
        exchangeId = exchangeID
        seq = event.sequence
        offsetNs = event.offsetNanos
        type = event.type
        data = event.data
        raw = Data(event.raw)
    }

    /// The Core value of this row.
    var event: RecordedEvent {
        RecordedEvent(sequence: seq, offsetNanos: offsetNs, type: type, data: data, raw: [UInt8](raw))
    }
}

extension EventRecord {
    /// The INSERT used by the batched writer and by import (see `EventInserter`).
    static let insertSQL = "INSERT INTO events (exchange_id, seq, offset_ns, type, data, raw) VALUES (?, ?, ?, ?, ?, ?)"
}

extension EventRecord {
    /// The events of exchange `exchangeID` in order, read column by column from a cursor: opening a long session
    /// reads tens of thousands of rows, and this skips the per-row `Decodable` machinery.
    static func events(of exchangeID: String, _ db: Database) throws -> [RecordedEvent] {
        let statement = try db.cachedStatement(
            sql: "SELECT seq, offset_ns, type, data, raw FROM events WHERE exchange_id = ? ORDER BY seq")
        return try events(Row.fetchCursor(statement, arguments: [exchangeID]))
    }

    /// One page: at most `limit` events of exchange `exchangeID` with `seq >= sequence`, in order (the primary
    /// key's index finds the first and reads on from there).
    static func events(of exchangeID: String, fromSequence sequence: Int, limit: Int, _ db: Database) throws
        -> [RecordedEvent]
    {
        let statement = try db.cachedStatement(
            sql: """
                SELECT seq, offset_ns, type, data, raw FROM events
                WHERE exchange_id = ? AND seq >= ? ORDER BY seq LIMIT ?
                """)
        return try events(Row.fetchCursor(statement, arguments: [exchangeID, sequence, max(0, limit)]))
    }

    /// The events of a cursor over `seq, offset_ns, type, data, raw` rows.
    private static func events(_ rows: RowCursor) throws -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        while let row = try rows.next() {
            let raw = try row.withUnsafeData(atIndex: 4) { data in data.map { [UInt8]($0) } ?? [] }
            // Decoded with its length (a string column stops at its first NUL): every byte written is read back.
            let data = try row.withUnsafeData(atIndex: 3) { data in data.map { String(decoding: $0, as: UTF8.self) } }
            events.append(
                RecordedEvent(sequence: row[0], offsetNanos: row[1], type: row[2], data: data ?? "", raw: raw))
        }
        return events
    }
}

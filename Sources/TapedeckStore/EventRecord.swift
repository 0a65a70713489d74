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

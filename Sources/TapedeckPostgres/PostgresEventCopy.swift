import NIOCore
import PostgresNIO
import TapedeckCore

/// Events rows in `COPY ... FROM STDIN` binary format: the recorder's batches go to the server in one COPY (the
/// server routes each row to its day's partition), far cheaper for it than a multi-row INSERT.
///
/// Binary, not text: the server takes each field as it is sent (the text format made it parse every row, undo
/// the escapes and decode `raw` from hex, twice its size on the wire), and tapedeck copies bytes instead of
/// escaping them. The rows are kept as the events themselves and encoded while the COPY is sent, one message of
/// about `chunkBytes` at a time: the server inserts one message while the next is encoded, and only one encoded
/// message is in memory at once.
struct PostgresEventCopy: Sendable {
    /// The columns each row holds, in order.
    static let columns = ["day", "exchange_id", "seq", "offset_ns", "type", "data", "raw"]
    /// About how many bytes each CopyData message carries.
    static let chunkBytes = 256 << 10

    /// What `copyFrom` is given as its table: postgres-nio 1.33 writes `COPY "<table>" (...) FROM STDIN WITH
    /// (FORMAT text)` and has no binary option, so the table parameter (a constant, never user input) names the
    /// columns and the format itself and comments out the rest of the statement it builds.
    static let copyTarget =
        #"events" ("# + columns.joined(separator: ", ") + ") FROM STDIN WITH (FORMAT binary) --"

    /// One row to send.
    private struct Row: Sendable {
        var day: String
        var exchangeID: String
        var event: RecordedEvent
    }

    private var rows: [Row] = []

    /// An empty COPY payload.
    init() {}

    /// How many rows were added.
    var count: Int { rows.count }

    /// Adds the row of `event` of exchange `exchangeID`, whose partition is `day` (`YYYY-MM-DD`).
    mutating func append(day: String, exchangeID: String, event: RecordedEvent) {
        rows.append(Row(day: day, exchangeID: exchangeID, event: event))
    }

    /// Calls `send` with every message of the COPY in order (the header first, the trailer last), each encoded
    /// just before it is sent.
    func forEachMessage(_ send: (ByteBuffer) async throws -> Void) async throws {
        var index = 0
        var message = ByteBuffer()
        message.reserveCapacity(Self.chunkBytes + 4096)
        // Signature, flags, header extension length.
        message.writeBytes(Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00])
        message.writeInteger(Int32(0))
        message.writeInteger(Int32(0))
        var days = DayNumbers()
        while true {
            while index < rows.count, message.readableBytes < Self.chunkBytes {
                Self.encode(rows[index], day: days.number(rows[index].day), into: &message)
                index += 1
            }
            if index == rows.count {
                message.writeInteger(Int16(-1))
                try await send(message)
                return
            }
            try await send(message)
            message = ByteBuffer()
            message.reserveCapacity(Self.chunkBytes + 4096)
        }
    }

    /// One tuple: the field count, then each field as its length and its bytes in the type's binary form.
    private static func encode(_ row: Row, day: Int32, into buffer: inout ByteBuffer) {
        let event = row.event
        buffer.writeInteger(Int16(columns.count))
        buffer.writeInteger(Int32(4))
        buffer.writeInteger(day)
        writeText(row.exchangeID, to: &buffer)
        buffer.writeInteger(Int32(4))
        buffer.writeInteger(Int32(truncatingIfNeeded: event.sequence))
        buffer.writeInteger(Int32(8))
        buffer.writeInteger(event.offsetNanos)
        writeText(event.type, to: &buffer)
        // In place: a large event's text is not made into a string of its own.
        event.payload.withDataUTF8 { data in
            buffer.writeInteger(Int32(data.count))
            buffer.writeBytes(UnsafeRawBufferPointer(data))
        }
        event.raw.withUnsafeBytes { raw in
            buffer.writeInteger(Int32(raw.count))
            buffer.writeBytes(raw)
        }
    }

    /// A text field: its UTF-8 bytes (the server checks them, as for any text it is sent).
    private static func writeText(_ text: String, to buffer: inout ByteBuffer) {
        var text = text
        text.withUTF8 { bytes in
            buffer.writeInteger(Int32(bytes.count))
            buffer.writeBytes(UnsafeRawBufferPointer(bytes))
        }
    }

    /// The binary form of `date` (days since 2000-01-01) of each partition day, computed once per day.
    private struct DayNumbers {
        private var last: (text: String, number: Int32)?

        mutating func number(_ text: String) -> Int32 {
            if let last, last.text == text { return last.number }
            let number = Int32(truncatingIfNeeded: CivilDate.daysSinceEpoch(text: text) - 10_957)
            last = (text, number)
            return number
        }
    }
}

extension BlockingConnection {
    /// Sends `payload` with one `COPY events (...) FROM STDIN` on this connection (inside its transaction, if any).
    func copyEvents(_ payload: PostgresEventCopy) throws {
        let connection = try connection()
        do {
            try EventLoopTask.wait(on: connection.eventLoop) {
                try await connection.copyFrom(table: PostgresEventCopy.copyTarget, logger: PostgresSettings.logger) {
                    writer in
                    try await payload.forEachMessage { message in try await writer.write(message) }
                }
            }
        } catch {
            if PostgresErrorText.isConnectionLoss(error) { disconnect() }
            throw error
        }
    }
}

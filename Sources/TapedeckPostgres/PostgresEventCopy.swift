import NIOCore
import PostgresNIO
import TapedeckCore

/// Events rows in `COPY ... FROM STDIN` text format: the recorder's batches go to the server in one COPY (the
/// server routes each row to its day's partition), far cheaper for it than a multi-row INSERT.
///
/// The rows are kept as the events themselves and encoded while the COPY is sent, one message of about
/// `chunkBytes` at a time: the server inserts one message while the next is encoded (the recorder used to
/// encode the whole batch first, then wait while the server inserted it), and only one encoded message is in
/// memory at once.
struct PostgresEventCopy: Sendable {
    /// The columns each line holds, in order.
    static let columns = ["day", "exchange_id", "seq", "offset_ns", "type", "data", "raw"]
    /// About how many bytes each CopyData message carries.
    static let chunkBytes = 256 << 10

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

    /// Calls `send` with every message in order, each encoded just before it is sent.
    func forEachMessage(_ send: (ByteBuffer) async throws -> Void) async throws {
        var index = 0
        while index < rows.count {
            var message = ByteBuffer()
            message.reserveCapacity(Self.chunkBytes + 4096)
            while index < rows.count, message.readableBytes < Self.chunkBytes {
                Self.encode(rows[index], into: &message)
                index += 1
            }
            try await send(message)
        }
    }

    private static func encode(_ row: Row, into buffer: inout ByteBuffer) {
        let event = row.event
        buffer.writeString(row.day)
        buffer.writeInteger(UInt8(ascii: "\t"))
        writeText(row.exchangeID, to: &buffer)
        buffer.writeInteger(UInt8(ascii: "\t"))
        buffer.writeString(String(event.sequence))
        buffer.writeInteger(UInt8(ascii: "\t"))
        buffer.writeString(String(event.offsetNanos))
        buffer.writeInteger(UInt8(ascii: "\t"))
        writeText(event.type, to: &buffer)
        buffer.writeInteger(UInt8(ascii: "\t"))
        // In place: a large event's text is not made into a string of its own.
        event.payload.withDataUTF8 { writeText(utf8: $0, to: &buffer) }
        buffer.writeInteger(UInt8(ascii: "\t"))
        writeBytea(event.raw, to: &buffer)
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    /// A text column: backslash, newline, carriage return and tab escaped, every other byte as it is (UTF-8).
    static func writeText(_ text: String, to buffer: inout ByteBuffer) {
        var text = text
        text.withUTF8 { writeText(utf8: $0, to: &buffer) }
    }

    /// `writeText` for UTF-8 bytes in place.
    static func writeText(utf8 bytes: UnsafeBufferPointer<UInt8>, to buffer: inout ByteBuffer) {
        var start = 0
        for index in 0..<bytes.count {
            let escape: UInt8
            switch bytes[index] {
            case UInt8(ascii: "\\"): escape = UInt8(ascii: "\\")
            case UInt8(ascii: "\n"): escape = UInt8(ascii: "n")
            case UInt8(ascii: "\r"): escape = UInt8(ascii: "r")
            case UInt8(ascii: "\t"): escape = UInt8(ascii: "t")
            default: continue
            }
            buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<index])))
            buffer.writeInteger(UInt8(ascii: "\\"))
            buffer.writeInteger(escape)
            start = index + 1
        }
        buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<bytes.count])))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A bytea column in hex (`\x…`), its backslash escaped for COPY: every byte 0x00-0xFF survives.
    static func writeBytea(_ bytes: [UInt8], to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "\\"))
        buffer.writeInteger(UInt8(ascii: "\\"))
        buffer.writeInteger(UInt8(ascii: "x"))
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: bytes.count * 2) { out in
            for (index, byte) in bytes.enumerated() {
                out[2 * index] = hexDigits[Int(byte >> 4)]
                out[2 * index + 1] = hexDigits[Int(byte & 0x0F)]
            }
            return bytes.count * 2
        }
    }
}

extension BlockingConnection {
    /// Sends `payload` with one `COPY events (...) FROM STDIN` on this connection (inside its transaction, if any).
    func copyEvents(_ payload: PostgresEventCopy) throws {
        let connection = try connection()
        do {
            try connection.eventLoop.makeFutureWithTask {
                try await connection.copyFrom(
                    table: "events", columns: PostgresEventCopy.columns, logger: PostgresSettings.logger
                ) { writer in
                    try await payload.forEachMessage { message in try await writer.write(message) }
                }
            }.wait()
        } catch {
            if PostgresErrorText.isConnectionLoss(error) { disconnect() }
            throw error
        }
    }
}

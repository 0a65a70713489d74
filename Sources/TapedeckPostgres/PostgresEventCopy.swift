import NIOCore
import PostgresNIO
import TapedeckCore

/// Events rows in `COPY ... FROM STDIN` text format: the recorder's batches go to the server in one COPY (the
/// server routes each row to its day's partition), far cheaper for it than a multi-row INSERT.
struct PostgresEventCopy {
    /// The columns each line holds, in order.
    static let columns = ["day", "exchange_id", "seq", "offset_ns", "type", "data", "raw"]
    /// About how many bytes each CopyData message carries.
    static let chunkBytes = 1 << 20

    /// The encoded lines, in messages of about `chunkBytes`.
    private(set) var chunks: [ByteBuffer] = []
    private var current = ByteBuffer()
    /// How many rows were added.
    private(set) var count = 0

    /// An empty COPY payload.
    init() { current.reserveCapacity(Self.chunkBytes + 4096) }

    /// Adds the row of `event` of exchange `exchangeID`, whose partition is `day` (`YYYY-MM-DD`).
    mutating func append(day: String, exchangeID: String, event: RecordedEvent) {
        current.writeString(day)
        current.writeInteger(UInt8(ascii: "\t"))
        Self.writeText(exchangeID, to: &current)
        current.writeInteger(UInt8(ascii: "\t"))
        current.writeString(String(event.sequence))
        current.writeInteger(UInt8(ascii: "\t"))
        current.writeString(String(event.offsetNanos))
        current.writeInteger(UInt8(ascii: "\t"))
        Self.writeText(event.type, to: &current)
        current.writeInteger(UInt8(ascii: "\t"))
        // In place: a large event's text is not made into a string of its own.
        event.payload.withDataUTF8 { Self.writeText(utf8: $0, to: &current) }
        current.writeInteger(UInt8(ascii: "\t"))
        Self.writeBytea(event.raw, to: &current)
        current.writeInteger(UInt8(ascii: "\n"))
        count += 1
        if current.readableBytes >= Self.chunkBytes {
            chunks.append(current)
            current = ByteBuffer()
            current.reserveCapacity(Self.chunkBytes + 4096)
        }
    }

    /// Every message, the last partial one included.
    var messages: [ByteBuffer] { current.readableBytes > 0 ? chunks + [current] : chunks }

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
        let messages = payload.messages
        do {
            try connection.eventLoop.makeFutureWithTask {
                try await connection.copyFrom(
                    table: "events", columns: PostgresEventCopy.columns, logger: PostgresSettings.logger
                ) { writer in
                    for message in messages { try await writer.write(message) }
                }
            }.wait()
        } catch {
            if PostgresErrorText.isConnectionLoss(error) { disconnect() }
            throw error
        }
    }
}

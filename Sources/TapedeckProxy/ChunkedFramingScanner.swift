import NIOCore

/// Follows HTTP/1.1 chunked framing (RFC 9112 §7.1) over raw upstream reads, so a response body can be relayed to
/// the client as the very bytes that arrived (no decode and re-encode per read) while the proxy still knows where
/// the data is (for the recorder) and where the body ends (the last chunk goes to NIOHTTP1's decoder, which then
/// ends the response as usual).
struct ChunkedFramingScanner {
    /// The framing is not chunked coding: the upstream broke the protocol.
    struct FramingError: Error, CustomStringConvertible {
        /// What was wrong, for the recorded note.
        let reason: String
        /// How many bytes of the scanned input came before the bad framing (complete chunks and whole data
        /// stretches): they are valid and are relayed and recorded before the client's body is broken.
        var validBytes = 0
        var description: String { "malformed chunked body from upstream: \(reason)" }
    }

    private enum State: Equatable {
        /// At the first byte of a chunk-size line.
        case sizeLine
        /// Inside chunk data, this many bytes to go.
        case data(remaining: Int)
        /// After chunk data, expecting CR LF (`sawCR` once the CR came).
        case dataEnd(sawCR: Bool)
        /// The last chunk began; nothing more is scanned.
        case lastChunk
    }

    /// A size line longer than this (the size plus chunk extensions) is refused rather than buffered without end.
    static let maxSizeLineLength = 4096

    private var state = State.sizeLine

    /// Whether the last chunk (`0` size line, trailers, final CRLF) was reached: from where `scan` last stopped on,
    /// the bytes belong to the end of the message, not to the relayed body.
    var reachedLastChunk: Bool { state == .lastChunk }

    /// Scans `bytes` (continuing from the previous call), reports each stretch of chunk data through
    /// `data(offset, length)` and returns how many bytes from the start are body framing or data that may be relayed
    /// now. It stops at the last chunk, and before a size line cut by the end of `bytes`: the caller passes those
    /// bytes again, followed by the next read.
    mutating func scan(_ bytes: UnsafeRawBufferPointer, data: (_ offset: Int, _ length: Int) -> Void)
        throws(FramingError)
        -> Int
    {
        var index = 0
        do {
            return try scanElements(bytes, from: &index, data: data)
        } catch {
            var located = error
            located.validBytes = index
            throw located
        }
    }

    /// The loop of `scan`; `index` stays at the first byte of the element being read, so an error knows where the
    /// valid bytes end.
    private mutating func scanElements(
        _ bytes: UnsafeRawBufferPointer, from index: inout Int, data: (_ offset: Int, _ length: Int) -> Void
    ) throws(FramingError) -> Int {
        let count = bytes.count
        while index < count {
            switch state {
            case .sizeLine:
                guard let newline = Self.firstNewline(in: bytes, from: index) else {
                    if count - index > Self.maxSizeLineLength {
                        throw FramingError(reason: "chunk-size line longer than \(Self.maxSizeLineLength) bytes")
                    }
                    return index
                }
                let size = try Self.chunkSize(bytes, from: index, to: newline)
                if size == 0 {
                    state = .lastChunk
                    return index
                }
                state = .data(remaining: size)
                index = newline + 1
            case .data(let remaining):
                let length = min(remaining, count - index)
                data(index, length)
                index += length
                state = remaining == length ? .dataEnd(sawCR: false) : .data(remaining: remaining - length)
            case .dataEnd(let sawCR):
                let byte = bytes[index]
                if !sawCR && byte == UInt8(ascii: "\r") {
                    state = .dataEnd(sawCR: true)
                } else if sawCR && byte == UInt8(ascii: "\n") {
                    state = .sizeLine
                } else {
                    throw FramingError(reason: "chunk data not followed by CRLF")
                }
                index += 1
            case .lastChunk:
                return index
            }
        }
        return count
    }

    private static func firstNewline(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") { return index }
            index += 1
        }
        return nil
    }

    /// The hex size at the start of the line `bytes[start..<newline]` (extensions after `;` are ignored).
    private static func chunkSize(_ bytes: UnsafeRawBufferPointer, from start: Int, to newline: Int)
        throws(FramingError)
        -> Int
    {
        var size = 0
        var digits = 0
        var index = start
        while index < newline {
            let byte = bytes[index]
            let value: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - UInt8(ascii: "A")) + 10
            default: value = -1
            }
            guard value >= 0 else { break }
            guard digits < 15 else { throw FramingError(reason: "chunk size too large") }
            size = size << 4 | value
            digits += 1
            index += 1
        }
        guard digits > 0 else { throw FramingError(reason: "chunk-size line without a size") }
        // As strict as NIOHTTP1's decoder (llhttp), so both paths accept the same bodies: the size is followed by
        // CRLF, or by extensions (`;name=value`, no CR or LF inside) and then CRLF.
        guard newline > start, bytes[newline - 1] == UInt8(ascii: "\r") else {
            throw FramingError(reason: "chunk-size line not ended by CRLF")
        }
        let lineEnd = newline - 1
        if index == lineEnd { return size }
        guard bytes[index] == UInt8(ascii: ";") else {
            throw FramingError(reason: "unexpected byte after the chunk size")
        }
        while index < lineEnd {
            if bytes[index] == UInt8(ascii: "\r") { throw FramingError(reason: "CR inside a chunk extension") }
            index += 1
        }
        return size
    }
}

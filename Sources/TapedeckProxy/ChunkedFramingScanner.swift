import NIOCore

/// Follows HTTP/1.1 chunked framing (RFC 9112 §7.1) over raw upstream reads, so a response body can be relayed to
/// the client as the very bytes that arrived (no decode and re-encode per read) while the proxy still knows where
/// the data is (for the recorder) and where the body ends (the last chunk goes to NIOHTTP1's decoder, which then
/// ends the response as usual).
struct ChunkedFramingScanner {
    /// Where one scanned buffer stands.
    struct Outcome: Equatable {
        /// Bytes from the start of the buffer that are body framing or data and may be relayed now.
        var relayEnd: Int
        /// Where the last chunk (`0` size line, trailers, final CRLF) begins, once seen: from here on the bytes
        /// belong to the end of the message, not to the relayed body.
        var lastChunkStart: Int?
    }

    /// The framing is not chunked coding: the upstream broke the protocol.
    struct FramingError: Error, CustomStringConvertible {
        /// What was wrong, for the recorded note.
        let reason: String
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

    /// Whether the last chunk was reached.
    var reachedLastChunk: Bool { state == .lastChunk }

    /// Scans `bytes` (continuing from the previous call) and reports each stretch of chunk data through
    /// `data(offset, length)`. A size line cut by the end of `bytes` is not consumed: `relayEnd` stops before it,
    /// and the caller passes those bytes again, followed by the next read.
    mutating func scan(_ bytes: UnsafeRawBufferPointer, data: (_ offset: Int, _ length: Int) -> Void)
        throws(FramingError)
        -> Outcome
    {
        var index = 0
        let count = bytes.count
        while index < count {
            switch state {
            case .sizeLine:
                guard let newline = Self.firstNewline(in: bytes, from: index) else {
                    if count - index > Self.maxSizeLineLength {
                        throw FramingError(reason: "chunk-size line longer than \(Self.maxSizeLineLength) bytes")
                    }
                    return Outcome(relayEnd: index, lastChunkStart: nil)
                }
                let size = try Self.chunkSize(bytes, from: index, to: newline)
                if size == 0 {
                    state = .lastChunk
                    return Outcome(relayEnd: index, lastChunkStart: index)
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
                return Outcome(relayEnd: index, lastChunkStart: index)
            }
        }
        return Outcome(relayEnd: count, lastChunkStart: state == .lastChunk ? count : nil)
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

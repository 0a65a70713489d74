import CZlib
import Foundation
import NIOCore
import NIOHTTP1

/// Decodes a response body the upstream compressed although the proxy asked for `accept-encoding: identity`: the
/// client still gets the bytes as sent (with their `content-encoding`), while the stream's end check and the
/// recorder get the decoded bytes, so such a stream is recorded event by event instead of as an unreadable blob.
/// It runs the system zlib's `inflate` directly on the event loop (gzip, and `deflate` both as HTTP defines it,
/// zlib-wrapped, and raw as many servers send it, told apart by the first two bytes); only such misbehaving
/// responses pay for it.
final class ResponseBodyDecoder {
    /// Why a body stopped decoding.
    enum Failure: Error, Equatable {
        /// The bytes are not valid for the encoding (zlib's message, when it gave one).
        case invalid(String)
        /// More than `maxRatio` decoded bytes per encoded byte: a decompression bomb, not a response.
        case overRatio
        /// The body ended inside its encoding (no gzip trailer).
        case truncated
    }

    /// Decoded bytes per encoded byte beyond which decoding stops (as swift-nio-extras' decompressor's default).
    static let maxRatio = 200
    /// The size of each decoded buffer handed on.
    private static let outputCapacity = 1 << 16

    /// The encoding named by the response (`gzip`, `deflate`), as recorded on the exchange.
    let encoding: String
    private let stream: UnsafeMutablePointer<z_stream>
    private let allocator = ByteBufferAllocator()
    private var encodedBytes = 0
    private var decodedBytes = 0
    /// zlib reported the end of the compressed stream; bytes after it are not decoded.
    private var ended = false
    /// `inflateInit2` ran: at the first byte for gzip, at the second for `deflate` (which format it is shows there).
    private var started = false
    /// The first byte of a `deflate` body, held until the second tells zlib-wrapped from raw.
    private var held: ByteBuffer?

    /// A decoder for `head`'s body, or nil when the body is not encoded (or in an encoding it cannot decode).
    init?(head: HTTPResponseHead) {
        guard let encoding = head.headers["content-encoding"].first?.trimmingCharacters(in: .whitespaces).lowercased(),
            ["gzip", "x-gzip", "deflate"].contains(encoding)
        else { return nil }
        self.encoding = encoding
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
    }

    deinit {
        if started { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// zlib's window bits for a body that starts with `first`, `second`: a zlib header (deflate method, the header's
    /// check) means the zlib format; other `deflate` bodies are raw; gzip's header is detected by zlib (+ 32).
    static func windowBits(encoding: String, first: UInt8, second: UInt8) -> Int32 {
        guard encoding == "deflate" else { return 15 + 32 }
        let isZlibHeader = first & 0x0f == 8 && first >> 4 <= 7 && (UInt16(first) << 8 | UInt16(second)) % 31 == 0
        return isZlibHeader ? 15 : -15
    }

    /// Decodes the next stretch of the body, handing each decoded buffer to `deliver` as it is made; throws when
    /// the bytes are not valid for the encoding, after delivering everything decoded before the bad byte.
    func decode(_ buffer: ByteBuffer, deliver: (ByteBuffer) -> Void) throws(Failure) {
        guard !ended, buffer.readableBytes > 0 else { return }
        var buffer = buffer
        if !started {
            if var first = held {
                first.writeImmutableBuffer(buffer)
                buffer = first
                held = nil
            }
            guard buffer.readableBytes >= 2 || encoding != "deflate" else {
                held = buffer
                return
            }
            let bytes = buffer.readableBytesView
            let first = bytes[bytes.startIndex]
            let second = bytes.count > 1 ? bytes[bytes.startIndex + 1] : 0
            guard CZlib_inflateInit2(stream, Self.windowBits(encoding: encoding, first: first, second: second)) == Z_OK
            else { throw .invalid("zlib could not start decoding") }
            started = true
        }
        encodedBytes += buffer.readableBytes
        var failure: Failure?
        buffer.withUnsafeReadableBytes { input in
            guard let base = input.baseAddress else { return }
            stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(input.count)
            defer {
                stream.pointee.next_in = nil
                stream.pointee.avail_in = 0
            }
            decoding: while failure == nil && !ended {
                var code = Z_OK
                var filled = false
                var output = allocator.buffer(capacity: Self.outputCapacity)
                output.writeWithUnsafeMutableBytes(minimumWritableBytes: Self.outputCapacity) { space in
                    stream.pointee.next_out = space.baseAddress?.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_out = uInt(space.count)
                    code = inflate(stream, Z_NO_FLUSH)
                    let written = space.count - Int(stream.pointee.avail_out)
                    filled = written == space.count
                    stream.pointee.next_out = nil
                    stream.pointee.avail_out = 0
                    return written
                }
                decodedBytes += output.readableBytes
                if output.readableBytes > 0 { deliver(output) }
                switch code {
                case Z_OK:
                    break
                case Z_BUF_ERROR:
                    // No progress was possible (all input taken): not an error in the data.
                    break decoding
                case Z_STREAM_END:
                    ended = true
                default:
                    failure = .invalid(stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(code)")
                }
                if decodedBytes > Self.maxRatio * max(encodedBytes, 1) { failure = .overRatio }
                // Done with this buffer once its input is taken and zlib had room to spare (nothing held back).
                if stream.pointee.avail_in == 0 && !filled { break }
            }
        }
        if let failure { throw failure }
    }

    /// The body ended: throws when it ended inside its encoding.
    func finish() throws(Failure) {
        if !ended { throw .truncated }
    }
}

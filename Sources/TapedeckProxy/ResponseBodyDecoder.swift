import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPCompression

/// Decodes a response body the upstream compressed although the proxy asked for `accept-encoding: identity`: the
/// client still gets the bytes as sent (with their `content-encoding`), while the stream's end check and the
/// recorder get the decoded bytes, so such a stream is recorded event by event instead of as an unreadable blob.
/// swift-nio-extras' `NIOHTTPResponseDecompressor` does the decoding (gzip and deflate), on a pipeline of its own
/// that lives on the exchange's event loop; only such misbehaving responses pay for it.
final class ResponseBodyDecoder {
    /// The encoding named by the response (`gzip`, `deflate`), as recorded on the exchange.
    let encoding: String
    private let channel: EmbeddedChannel

    /// A decoder for `head`'s body, or nil when the body is not encoded (or in an encoding it cannot decode).
    init?(head: HTTPResponseHead) {
        guard let encoding = head.headers["content-encoding"].first?.trimmingCharacters(in: .whitespaces).lowercased(),
            ["gzip", "x-gzip", "deflate"].contains(encoding)
        else { return nil }
        self.encoding = encoding
        channel = EmbeddedChannel(handler: NIOHTTPResponseDecompressor(limit: .ratio(200)))
        do {
            try channel.writeInbound(HTTPClientResponsePart.head(head))
            _ = try channel.readInbound(as: HTTPClientResponsePart.self)
        } catch {
            return nil
        }
    }

    /// Decodes the next stretch of the body; throws when the bytes are not valid for the encoding.
    func decode(_ buffer: ByteBuffer) throws -> [ByteBuffer] {
        try channel.writeInbound(HTTPClientResponsePart.body(buffer))
        return try decoded()
    }

    /// The body ended: whatever the decoder still held.
    func finish() throws -> [ByteBuffer] {
        try channel.writeInbound(HTTPClientResponsePart.end(nil))
        return try decoded()
    }

    private func decoded() throws -> [ByteBuffer] {
        var parts: [ByteBuffer] = []
        while let part = try channel.readInbound(as: HTTPClientResponsePart.self) {
            if case .body(let buffer) = part { parts.append(buffer) }
        }
        return parts
    }
}

import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import TapedeckProxy

/// The proxy's decoder of bodies compressed against its `accept-encoding: identity`, on the system zlib.
@Suite struct ResponseBodyDecoderTests {
    static let ping = Array("event: ping\ndata: {\"type\":\"ping\"}\n\n".utf8)
    /// `ping` then a message_stop event, gzipped.
    static let gzipped = Array(
        Data(
            base64Encoded:
                "H4sIAAAAAAACA0stS80rsVIoyMxL50pJLEm0UqhWKqksSFWyUgKJKdVycaVClOSmFhcnpqfGF5fkF6ArRZYDaQEARBFgoFYAAAA="
        ) ?? Data())
    /// `ping`, zlib-wrapped deflate (what HTTP's `deflate` means).
    static let deflated = Array(
        Data(base64Encoded: "eJxLLUvNK7FSKMjMS+dKSSxJtFKoViqpLEhVslICiSnVcnEBANtxC2c=") ?? Data())
    /// 1 MiB of zero bytes, gzipped into 1 KiB: past the ratio limit.
    static let bomb = Array(
        Data(
            base64Encoded: "H4sIAAAAAAACA+3BMQEAAADCoPVPbQhfoA" + String(repeating: "A", count: 1354)
                + "PgMc6jinAAAQAA=="
        ) ?? Data())

    static func decoder(_ encoding: String) throws -> ResponseBodyDecoder {
        let head = HTTPResponseHead(version: .http1_1, status: .ok, headers: ["content-encoding": encoding])
        return try #require(ResponseBodyDecoder(head: head))
    }

    /// Decodes `pieces` in order; returns the bytes and the failure, if any.
    static func decode(_ pieces: [[UInt8]], encoding: String) throws -> (
        bytes: [UInt8], failure: ResponseBodyDecoder.Failure?
    ) {
        let decoder = try decoder(encoding)
        var bytes: [UInt8] = []
        do {
            for piece in pieces {
                try decoder.decode(ByteBuffer(bytes: piece)) { bytes += Array($0.readableBytesView) }
            }
            try decoder.finish()
            return (bytes, nil)
        } catch {
            return (bytes, error)
        }
    }

    @Test func gzipDecodesWhereverTheBodyIsCut() throws {
        let expected = Self.ping + Array("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n".utf8)
        for cut in 0...Self.gzipped.count {
            let result = try Self.decode(
                [Array(Self.gzipped.prefix(cut)), Array(Self.gzipped.dropFirst(cut))], encoding: "gzip")
            #expect(result.failure == nil)
            #expect(result.bytes == expected)
        }
    }

    @Test func deflateMeansTheZlibFormat() throws {
        let result = try Self.decode(Self.deflated.map { [$0] }, encoding: "deflate")
        #expect(result.failure == nil)
        #expect(result.bytes == Self.ping)
    }

    @Test func rawDeflateAsManyServersSendItDecodesWhereverTheBodyIsCut() throws {
        // The same deflate data without the zlib header and checksum.
        let raw = Array(Self.deflated.dropFirst(2).dropLast(4))
        #expect(ResponseBodyDecoder.windowBits(encoding: "deflate", first: raw[0], second: raw[1]) == -15)
        #expect(
            ResponseBodyDecoder.windowBits(encoding: "deflate", first: Self.deflated[0], second: Self.deflated[1]) == 15
        )
        for cut in 0...raw.count {
            let result = try Self.decode([Array(raw.prefix(cut)), Array(raw.dropFirst(cut))], encoding: "deflate")
            #expect(result.failure == nil, "cut at \(cut)")
            #expect(result.bytes == Self.ping, "cut at \(cut)")
        }
        let zlibWrapped = try Self.decode(Self.deflated.map { [$0] }, encoding: "deflate")
        #expect(zlibWrapped.failure == nil)
        #expect(zlibWrapped.bytes == Self.ping)
    }

    @Test func aDeflateBodyOfOneByteIsTruncated() throws {
        let result = try Self.decode([[Self.deflated[0]]], encoding: "deflate")
        #expect(result.failure == .truncated)
        #expect(result.bytes.isEmpty)
    }

    @Test func whatDecodedBeforeABadByteIsHandedOn() throws {
        // A stored block of `ping`, then a block header of the reserved type 3, in one stretch.
        let corrupt = CorruptGzipStreamTests.gzipStart(storing: Self.ping) + [0x07, 0x00, 0x00]
        let result = try Self.decode([corrupt], encoding: "gzip")
        guard case .invalid = result.failure else {
            Issue.record("expected invalid data, got \(String(describing: result.failure))")
            return
        }
        #expect(result.bytes == Self.ping)
    }

    @Test func aBodyEndingInsideItsEncodingIsTruncated() throws {
        let result = try Self.decode([Array(Self.gzipped.dropLast(8))], encoding: "gzip")
        #expect(result.failure == .truncated)
    }

    @Test func aDecompressionBombStopsAtTheRatio() throws {
        #expect(Self.bomb.count < 2048)
        let result = try Self.decode([Self.bomb], encoding: "gzip")
        #expect(result.failure == .overRatio)
        #expect(result.bytes.count <= (ResponseBodyDecoder.maxRatio + 1) * Self.bomb.count + (1 << 16))
    }

    @Test func identityAndUnknownCodingsGetNoDecoder() {
        for encoding in ["identity", "br", "zstd"] {
            let head = HTTPResponseHead(version: .http1_1, status: .ok, headers: ["content-encoding": encoding])
            #expect(ResponseBodyDecoder(head: head) == nil)
        }
        #expect(ResponseBodyDecoder(head: HTTPResponseHead(version: .http1_1, status: .ok)) == nil)
    }
}

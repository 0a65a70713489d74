import Foundation
import NIOCore
import TapedeckTestSupport
import Testing

@testable import TapedeckCore
@testable import TapedeckProxy

/// A gzip-encoded stream that stops decoding part-way, through the real proxy: the client gets every byte as the
/// upstream sent it, and the recording keeps what decoded and counts the rest as lost, saying why (it used to
/// look like an ordinary truncated stream, with nothing counted).
@Suite(.timeLimit(.minutes(1))) struct CorruptGzipStreamTests {
    static let sseHead =
        "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-encoding: gzip\r\n"
        + "transfer-encoding: chunked\r\n\r\n"

    /// The start of a gzip member: its header and one stored (uncompressed) deflate block holding `data`, not the
    /// last block, so a decoder hands `data` on and then waits for more.
    static func gzipStart(storing data: [UInt8]) -> [UInt8] {
        let header: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]
        let length = UInt16(data.count)
        let block: [UInt8] = [
            0x00, UInt8(length & 0xff), UInt8(length >> 8), UInt8(~length & 0xff), UInt8(~length >> 8),
        ]
        return header + block + data
    }

    static func chunk(_ bytes: [UInt8]) -> [UInt8] {
        Array("\(String(bytes.count, radix: 16))\r\n".utf8) + bytes + Array("\r\n".utf8)
    }

    @Test func aGzipStreamThatStopsDecodingIsForwardedWholeAndItsLossCounted() async throws {
        let decodable = Array(SampleStream.events.prefix(4).joined().utf8)
        // A deflate block header with the reserved type 3: no decoder can go past it.
        let garbage: [UInt8] = [0x07] + Array(SampleStream.events.dropFirst(4).joined().utf8)
        let chunks = [Self.gzipStart(storing: decodable), Array(garbage.prefix(40)), Array(garbage.dropFirst(40))]
        let body = chunks.map(Self.chunk).joined() + Array("0\r\n\r\n".utf8)
        // Each chunk its own write, so the decodable start reaches the proxy before the garbage.
        let upstream = try await RawUpstream { _ in
            RawReply(pieces: [Array(Self.sseHead.utf8)] + chunks.map(Self.chunk) + [Array("0\r\n\r\n".utf8)])
        }
        let harness = try await ProxyHarness(upstreamPort: upstream.port)
        let client = try await RawClient(port: harness.proxy.port)
        try await client.send(RawChunkRelayTests.request)
        let read = await client.response()
        #expect(!read.timedOut && !read.closed)
        let response = try #require(RawHTTPResponse.parse(read.bytes))
        #expect(response.header("content-encoding") == ["gzip"])
        #expect(response.rawBody == body, "the client gets every byte as the upstream sent it")

        let exchange = try await harness.nextExchange()
        #expect(exchange.events.map(\.raw).joined().elementsEqual(decodable), "what decoded is recorded")
        #expect(exchange.summary.droppedEvents == 1, "the undecodable rest counts as a loss")
        let note = try #require(exchange.summary.note)
        #expect(note.contains("gzip response body stopped decoding"))
        #expect(note.contains("\(garbage.count) encoded byte(s)"))
        #expect(
            exchange.summary.responseHeaders.contains {
                $0.name == "x-tapedeck-decoded-content-encoding" && $0.value == "gzip"
            })
        await RawChunkRelayTests.tearDown(client, harness, upstream)
    }

    @Test func lossesSayWhyAndAddUpOnTheExchange() {
        var summary = ExchangeSummary(
            id: "x", startedAtNanos: 0, method: "POST", path: "/v1/messages", query: nil, requestHeaders: [])
        summary.note = "the stream ended without message_stop"
        RecordingLoss(cause: .undecodable(encoding: "deflate"), bytes: 10, events: 1).record(in: &summary)
        RecordingLoss(cause: .queueOverCap, bytes: 5, events: 2).record(in: &summary)
        #expect(summary.droppedEvents == 3)
        #expect(
            summary.note
                == "the stream ended without message_stop; recording degraded: the deflate response body stopped "
                + "decoding, so 10 encoded byte(s) from there on (an unknown number of events, counted as 1) were "
                + "forwarded but not recorded; recording degraded: the capture queue was over its byte cap, so 5 "
                + "body byte(s) and 2 event(s) were forwarded but not recorded")
    }
}

import Foundation
import NIOCore
import TapedeckTestSupport
import Testing

@testable import TapedeckCore
@testable import TapedeckProxy

/// The proxy between a raw upstream and a raw client (no HTTP codec on either peer), so the chunk framing the
/// upstream writes can be compared byte for byte with what the client receives.
@Suite(.timeLimit(.minutes(1))) struct RawChunkRelayTests {
    static let request =
        "POST /v1/messages HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}"
    static let sseHead = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
    static let terminator: [UInt8] = Array("0\r\n\r\n".utf8)

    /// SampleStream in chunks of varied sizes (hex in both cases, a leading zero, an extension), cut into pieces
    /// inside a size line, between a size line's CR and LF, inside data, inside and before a chunk's CRLF, and
    /// inside the last chunk. `body` is everything after the head.
    static func awkwardStream() -> (pieces: [[UInt8]], body: [UInt8]) {
        var wire = Wire()
        var data = SampleStream.bytes[...]
        wire.add(sseHead)
        wire.add("1")
        wire.cut()
        wire.add("a\r\n")
        wire.add(data.prefix(10))
        wire.cut()
        wire.add(data.dropFirst(10).prefix(0x1a - 10))
        data = data.dropFirst(0x1a)
        wire.add("\r\n1A\r")
        wire.cut()
        wire.add("\n")
        wire.add(data.prefix(0x1A))
        data = data.dropFirst(0x1A)
        wire.add("\r")
        wire.cut()
        wire.add("\n40;foo=bar\r\n")
        wire.add(data.prefix(30))
        wire.cut()
        wire.add(data.dropFirst(30).prefix(0x40 - 30))
        data = data.dropFirst(0x40)
        wire.add("\r\n7\r\n")
        wire.add(data.prefix(7))
        data = data.dropFirst(7)
        wire.cut()
        wire.add("\r\n100\r\n")
        wire.add(data.prefix(0x100))
        data = data.dropFirst(0x100)
        wire.add("\r\n")
        wire.cut()
        wire.add("0e")
        wire.cut()
        wire.add("\r\n")
        wire.add(data.prefix(0x0e))
        data = data.dropFirst(0x0e)
        wire.add("\r\n\(String(data.count, radix: 16, uppercase: true))\r\n")
        wire.add(data)
        wire.add("\r\n0\r")
        wire.cut()
        wire.add("\n\r\n")
        return (wire.pieces, Array(wire.bytes.dropFirst(sseHead.utf8.count)))
    }

    /// SampleStream in three chunks, the head's blank line cut between CR and LF and the rest of the head, every
    /// chunk and the last chunk in one piece.
    static func headCutStream() -> (pieces: [[UInt8]], body: [UInt8]) {
        var wire = Wire()
        let data = SampleStream.bytes
        // Bytes, not Characters: "\r\n" is one Character.
        wire.add(Array(sseHead.utf8).dropLast())
        wire.cut()
        wire.add("\n")
        let sizes = [0x3f, 0x200, data.count - 0x3f - 0x200]
        var offset = 0
        for size in sizes {
            wire.add("\(String(size, radix: 16))\r\n")
            wire.add(data[offset..<(offset + size)])
            wire.add("\r\n")
            offset += size
        }
        wire.add("0\r\n\r\n")
        return (wire.pieces, Array(wire.bytes.dropFirst(sseHead.utf8.count)))
    }

    @Test func chunkedBodyReachesTheClientByteForByte() async throws {
        let (pieces, upstreamBody) = Self.awkwardStream()
        #expect(pieces.count >= 10)
        let upstream = try await RawUpstream { _ in RawReply(pieces: pieces) }
        let harness = try await ProxyHarness(upstreamPort: upstream.port)
        let client = try await RawClient(port: harness.proxy.port)
        try await client.send(Self.request)
        let read = await client.response()
        #expect(!read.timedOut && !read.closed)
        let response = try #require(RawHTTPResponse.parse(read.bytes))
        #expect(response.statusLine == "HTTP/1.1 200 OK")
        #expect(response.header("transfer-encoding") == ["chunked"])
        #expect(response.header("content-length").isEmpty)
        // The upstream's own framing (sizes, case, extension, leading zero), with the proxy's own last chunk.
        let framing = upstreamBody.dropLast(Self.terminator.count)
        #expect(upstreamBody.suffix(Self.terminator.count).elementsEqual(Self.terminator))
        #expect(response.rawBody == Array(framing) + Self.terminator)
        #expect(response.body == SampleStream.bytes)

        let exchange = try await Self.expectSampleRecorded(by: harness)
        #expect(exchange.summary.eventCount == 8)
        #expect(exchange.summary.stopReason == "end_turn")
        #expect(exchange.summary.outputTokens == 5)

        await Self.tearDown(client, harness, upstream)
    }

    @Test func connectionIsReusedAfterARelayedBody() async throws {
        let first = Self.awkwardStream()
        let second = Self.headCutStream()
        let upstream = try await RawUpstream { request in
            RawReply(pieces: request.indexOnConnection == 0 ? first.pieces : second.pieces)
        }
        let harness = try await ProxyHarness(upstreamPort: upstream.port)
        let client = try await RawClient(port: harness.proxy.port)

        try await client.send(Self.request)
        let firstRead = await client.response()
        #expect(!firstRead.timedOut && !firstRead.closed)
        let firstResponse = try #require(RawHTTPResponse.parse(firstRead.bytes))
        #expect(firstResponse.rawBody == first.body)
        let firstExchange = try await harness.nextExchange()
        #expect(firstExchange.summary.outcome == .complete)
        #expect(firstExchange.responseBody == SampleStream.bytes)

        try await client.send(Self.request)
        let secondRead = await client.response(from: firstRead.bytes.count)
        #expect(!secondRead.timedOut && !secondRead.closed)
        let secondResponse = try #require(RawHTTPResponse.parse(secondRead.bytes))
        #expect(secondResponse.statusLine == "HTTP/1.1 200 OK")
        #expect(secondResponse.header("transfer-encoding") == ["chunked"])
        #expect(secondResponse.rawBody == second.body)
        #expect(secondResponse.body == SampleStream.bytes)
        let secondExchange = try await harness.nextExchange()
        #expect(secondExchange.summary.outcome == .complete)
        #expect(secondExchange.responseBody == SampleStream.bytes)
        #expect(secondExchange.events.count == 8)

        let seen = await firstResult(within: .seconds(10)) { await upstream.requests(2) }
        let (requests, opened) = try #require(seen)
        #expect(requests.map(\.connection) == [1, 1])
        #expect(requests.map(\.indexOnConnection) == [0, 1])
        #expect(opened == [1])
        #expect(requests.allSatisfy { $0.body == Array("{}".utf8) })

        await Self.tearDown(client, harness, upstream)
    }

    @Test func chunkedJSONIsRelayedAndRecorded() async throws {
        let json = Array(
            #"{"id":"msg_1","type":"message","role":"assistant","model":"claude-test","content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":1}}"#
                .utf8)
        let split = 0x2a
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
        let body =
            Array("2a\r\n".utf8) + json.prefix(split) + Array("\r\n".utf8)
            + Array("\(String(json.count - split, radix: 16, uppercase: true))\r\n".utf8) + json.dropFirst(split)
            + Array("\r\n".utf8) + Self.terminator
        let cut = 4 + split + 2
        let pieces = [Array(head.utf8), Array(body.prefix(cut)), Array(body.dropFirst(cut))]
        let upstream = try await RawUpstream { _ in RawReply(pieces: pieces) }
        let harness = try await ProxyHarness(upstreamPort: upstream.port)
        let client = try await RawClient(port: harness.proxy.port)
        try await client.send(Self.request)
        let read = await client.response()
        #expect(!read.timedOut && !read.closed)
        let response = try #require(RawHTTPResponse.parse(read.bytes))
        #expect(response.header("content-type") == ["application/json"])
        #expect(response.header("transfer-encoding") == ["chunked"])
        #expect(response.rawBody == body)
        #expect(response.body == json)

        let exchange = try await harness.nextExchange()
        #expect(exchange.responseBody == json)
        #expect(exchange.summary.outcome == .nonStreaming)
        #expect(!exchange.summary.isStreaming)
        #expect(exchange.summary.model == "claude-test")

        await Self.tearDown(client, harness, upstream)
    }

    struct Malformed: Sendable, CustomTestStringConvertible {
        let name: String
        /// Pieces after the head.
        let pieces: [String]
        let reason: String
        var testDescription: String { name }

        static let all = [
            Malformed(
                name: "size not hex", pieces: ["zz\r\nhello\r\n"], reason: "chunk-size line without a size"),
            Malformed(
                name: "data without CRLF", pieces: ["5\r\nhello\r\n", "5\r\nworldXX\r\n"],
                reason: "chunk data not followed by CRLF"),
            Malformed(
                name: "endless size line", pieces: [String(repeating: "f", count: 5000)],
                reason: "chunk-size line longer than"),
            Malformed(name: "size too large", pieces: ["1234567890abcdef0\r\n"], reason: "chunk size too large"),
            Malformed(
                name: "extension ended by a bare LF", pieces: ["3;x\nabc\r\n"],
                reason: "chunk-size line not ended by CRLF"),
            Malformed(
                name: "space after the size", pieces: ["3 \r\nabc\r\n"], reason: "unexpected byte after the chunk size"),
        ]
    }

    @Test(arguments: Malformed.all) func malformedFramingBreaksTheClientAndIsRecorded(_ malformed: Malformed)
        async throws
    {
        let pieces = [Array(Self.sseHead.utf8)] + malformed.pieces.map { Array($0.utf8) }
        let upstream = try await RawUpstream { _ in RawReply(pieces: pieces) }
        let harness = try await ProxyHarness(upstreamPort: upstream.port)
        let client = try await RawClient(port: harness.proxy.port)
        try await client.send(Self.request)
        let read = await client.untilClosed()
        #expect(!read.timedOut, "the proxy kept the client connection open after malformed framing")
        #expect(read.closed)
        let response = try #require(RawHTTPResponse.parse(read.bytes))
        #expect(response.statusLine == "HTTP/1.1 200 OK")
        #expect(!response.isComplete)
        #expect(!response.rawBody.suffix(Self.terminator.count).elementsEqual(Self.terminator))

        let exchange = try await harness.nextExchange()
        #expect(exchange.summary.outcome == .upstreamDisconnect)
        #expect(exchange.summary.outcome.isFailure)
        let note = try #require(exchange.summary.note)
        #expect(note.contains("malformed chunked body"))
        #expect(note.contains(malformed.reason))
        // The broken connection is not pooled.
        let closed = await firstResult(within: .seconds(10)) { await upstream.waitClosed(1) }
        #expect(closed == true)

        await Self.tearDown(client, harness, upstream)
    }

    @Test func http10ClientGetsTheDecodedBodyUntilClose() async throws {
        let (pieces, _) = Self.awkwardStream()
        let upstream = try await RawUpstream { _ in RawReply(pieces: pieces) }
        let harness = try await ProxyHarness(upstreamPort: upstream.port)
        let client = try await RawClient(port: harness.proxy.port)
        try await client.send(Self.request.replacingOccurrences(of: "HTTP/1.1", with: "HTTP/1.0"))
        let read = await client.untilClosed()
        #expect(!read.timedOut && read.closed)
        let response = try #require(RawHTTPResponse.parse(read.bytes))
        #expect(response.statusLine == "HTTP/1.0 200 OK")
        #expect(response.header("transfer-encoding").isEmpty)
        #expect(response.header("connection").contains { $0.lowercased() == "close" })
        #expect(response.rawBody == SampleStream.bytes)

        try await Self.expectSampleRecorded(by: harness)

        await Self.tearDown(client, harness, upstream)
    }

    @Test func contentLengthBodyIsForwardedIntact() async throws {
        let head =
            "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: \(SampleStream.bytes.count)\r\n\r\n"
        let pieces =
            [Array(head.utf8)] + SampleStream.chunked(SampleStream.bytes, seed: 3).prefix(6)
            + [Array(SampleStream.chunked(SampleStream.bytes, seed: 3).dropFirst(6).joined())]
        #expect(Array(pieces.dropFirst().joined()) == SampleStream.bytes)
        let upstream = try await RawUpstream { _ in RawReply(pieces: pieces) }
        let harness = try await ProxyHarness(upstreamPort: upstream.port)
        let client = try await RawClient(port: harness.proxy.port)
        try await client.send(Self.request)
        let read = await client.response()
        #expect(!read.timedOut && !read.closed)
        let response = try #require(RawHTTPResponse.parse(read.bytes))
        #expect(response.statusLine == "HTTP/1.1 200 OK")
        #expect(response.body == SampleStream.bytes)
        if !response.isChunked {
            #expect(response.contentLength == SampleStream.bytes.count)
            #expect(response.rawBody == SampleStream.bytes)
        }

        try await Self.expectSampleRecorded(by: harness)

        await Self.tearDown(client, harness, upstream)
    }

    @Test func decodedAndRelayedBodiesAlternateOnOneConnection() async throws {
        let json = Array(#"{"type":"message","model":"claude-test","content":[]}"#.utf8)
        let lengthReply = [
            Array("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: \(json.count)\r\n\r\n".utf8),
            Array(json.prefix(10)), Array(json.dropFirst(10)),
        ]
        let chunked = Self.awkwardStream()
        let upstream = try await RawUpstream { request in
            RawReply(pieces: request.indexOnConnection % 2 == 0 ? lengthReply : chunked.pieces)
        }
        let harness = try await ProxyHarness(upstreamPort: upstream.port)
        let client = try await RawClient(port: harness.proxy.port)
        var offset = 0
        for index in 0..<4 {
            try await client.send(Self.request)
            let read = await client.response(from: offset)
            #expect(!read.timedOut && !read.closed, "response \(index)")
            let response = try #require(RawHTTPResponse.parse(read.bytes))
            if index % 2 == 0 {
                #expect(response.body == json, "response \(index)")
            } else {
                #expect(response.rawBody == chunked.body, "response \(index)")
            }
            let exchange = try await harness.nextExchange()
            #expect(exchange.summary.outcome == (index % 2 == 0 ? .nonStreaming : .complete), "exchange \(index)")
            offset += read.bytes.count
        }
        let seen = await firstResult(within: .seconds(10)) { await upstream.requests(4) }
        let (requests, opened) = try #require(seen)
        #expect(requests.map(\.connection) == [1, 1, 1, 1])
        #expect(opened == [1])

        await Self.tearDown(client, harness, upstream)
    }

    /// The recorded exchange of the last exchange is the whole sample stream, complete.
    @discardableResult
    static func expectSampleRecorded(by harness: ProxyHarness) async throws -> RecordedExchange {
        let exchange = try await harness.nextExchange()
        #expect(exchange.responseBody == SampleStream.bytes)
        #expect(exchange.summary.outcome == .complete)
        #expect(exchange.events.count == 8)
        return exchange
    }

    /// Closes the client, then the proxy, then the upstream.
    static func tearDown(_ client: RawClient, _ harness: ProxyHarness, _ upstream: RawUpstream) async {
        await client.close()
        await harness.shutdown()
        await upstream.shutdown()
    }
}

/// Upstream bytes written in order, with the places where they are cut into separately flushed pieces.
private struct Wire {
    var bytes: [UInt8] = []
    private var cuts: [Int] = []

    mutating func add(_ text: some StringProtocol) {
        bytes += Array(text.utf8)
    }

    mutating func add(_ data: some Collection<UInt8>) {
        bytes += Array(data)
    }

    mutating func cut() {
        cuts.append(bytes.count)
    }

    var pieces: [[UInt8]] {
        var pieces: [[UInt8]] = []
        var start = 0
        for cut in cuts + [bytes.count] where cut > start {
            pieces.append(Array(bytes[start..<cut]))
            start = cut
        }
        return pieces
    }

}

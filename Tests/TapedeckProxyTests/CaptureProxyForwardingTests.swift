import Foundation
import NIOCore
import NIOHTTP1
import TapedeckTestSupport
import Testing

@testable import TapedeckCore
@testable import TapedeckProxy

@Suite(.timeLimit(.minutes(1))) struct CaptureProxyForwardingTests {
    @Test func clientReceivesExactlyTheUpstreamBytesAndTheStoreKeepsThem() async throws {
        let parts = SampleStream.chunked(SampleStream.bytes)
        let upstream = try await TestUpstream { _ in .stream(parts) }
        let harness = try await ProxyHarness(upstreamPort: upstream.port)
        let client = try await TestClient(port: harness.proxy.port)
        let requestBody = Array(#"{"model":"claude-test","stream":true,"max_tokens":5}"#.utf8)
        try await client.send(headers: [("content-type", "application/json")], body: requestBody)
        let result = await client.response()
        #expect(result.head?.status == .ok)
        #expect(result.completed)
        #expect(result.body == SampleStream.bytes)

        let exchange = try await harness.nextExchange()
        #expect(exchange.responseBody == SampleStream.bytes)
        #expect(exchange.summary.outcome == .complete)
        #expect(exchange.summary.isStreaming)
        #expect(exchange.summary.status == 200)
        #expect(exchange.summary.model == "claude-test")
        #expect(exchange.summary.stopReason == "end_turn")
        #expect(exchange.summary.inputTokens == 12)
        #expect(exchange.summary.outputTokens == 5)
        #expect(exchange.summary.requestBody == requestBody)
        #expect(exchange.summary.method == "POST")
        #expect(exchange.summary.path == "/v1/messages")
        #expect(
            exchange.events.map(\.type) == [
                "message_start", "content_block_start", "ping", "content_block_delta", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop",
            ])
        #expect(exchange.events.map(\.sequence) == Array(0..<8))
        let firstByte = try #require(exchange.summary.firstByteNanos)
        let ttft = try #require(exchange.summary.ttftNanos)
        #expect(firstByte > 0 && ttft >= firstByte)
        #expect(exchange.events[3].offsetNanos == ttft)
        #expect(zip(exchange.events, exchange.events.dropFirst()).allSatisfy { $0.offsetNanos <= $1.offsetNanos })

        await client.close()
        await harness.shutdown()
        await upstream.shutdown()
    }

    @Test func requestIsForwardedWithHostRewrittenAndHopByHopHeadersDropped() async throws {
        let upstream = try await TestUpstream { _ in
            .body(
                [Array("{}".utf8)], contentType: "application/json",
                extraHeaders: [
                    HeaderField(name: "connection", value: "x-upstream-hop"),
                    HeaderField(name: "x-upstream-hop", value: "1"), HeaderField(name: "x-kept", value: "yes"),
                ])
        }
        let harness = try await ProxyHarness(upstreamPort: upstream.port)
        let client = try await TestClient(port: harness.proxy.port)
        try await client.send(
            method: .PUT, uri: "/v1/things?beta=true&x=1",
            headers: [
                ("host", "evil.example.com"), ("connection", "keep-alive, x-hop"), ("x-hop", "drop me"),
                ("keep-alive", "timeout=5"), ("proxy-connection", "keep-alive"), ("te", "trailers"),
                ("upgrade", "websocket"), ("anthropic-version", "2023-06-01"),
            ],
            body: Array("payload".utf8))
        let result = await client.response()
        #expect(result.completed)
        #expect(result.bodyText == "{}")
        #expect(result.head?.headers["x-kept"] == ["yes"])
        #expect(result.head?.headers["x-upstream-hop"] == [])

        var seen: SeenRequest?
        for await event in upstream.events {
            if case .request(let request) = event {
                seen = request
                break
            }
        }
        let request = try #require(seen)
        #expect(request.head.method == .PUT)
        #expect(request.head.uri == "/v1/things?beta=true&x=1")
        #expect(request.head.headers["host"] == ["127.0.0.1:\(upstream.port)"])
        #expect(request.body == Array("payload".utf8))
        #expect(request.head.headers["anthropic-version"] == ["2023-06-01"])
        for name in ["x-hop", "keep-alive", "proxy-connection", "te", "upgrade"] {
            #expect(request.head.headers[name].isEmpty, "\(name) was forwarded")
        }
        #expect(!request.head.headers["connection"].contains { $0.contains("x-hop") })

        let exchange = try await harness.nextExchange()
        #expect(exchange.summary.method == "PUT")
        #expect(exchange.summary.path == "/v1/things")
        #expect(exchange.summary.query == "beta=true&x=1")
        #expect(exchange.summary.outcome == .nonStreaming)
        #expect(exchange.trailingBytes == Array("{}".utf8))
        #expect(exchange.responseBody == Array("{}".utf8))
        #expect(exchange.summary.requestHeaders.contains(HeaderField(name: "host", value: "evil.example.com")))

        await client.close()
        await harness.shutdown()
        await upstream.shutdown()
    }

    @Test func chunkedRequestBodyIsStreamedPartByPart() async throws {
        let upstream = try await TestUpstream { _ in .stream([SampleStream.bytes]) }
        let harness = try await ProxyHarness(upstreamPort: upstream.port)
        let client = try await TestClient(port: harness.proxy.port)
        var events = upstream.events.makeAsyncIterator()
        try await client.sendHead(headers: [("transfer-encoding", "chunked"), ("content-type", "application/json")])
        try await client.sendBody(Array(#"{"model":"#.utf8))
        // The upstream sees the first part before the client has sent the second one.
        var firstPart: [UInt8]?
        while let event = await events.next() {
            if case .bodyPart(_, let bytes) = event {
                firstPart = bytes
                break
            }
        }
        #expect(firstPart == Array(#"{"model":"#.utf8))
        try await client.sendBody(Array(#""claude-test"}"#.utf8))
        try await client.sendEnd()
        var seen: SeenRequest?
        while let event = await events.next() {
            if case .request(let request) = event {
                seen = request
                break
            }
        }
        let request = try #require(seen)
        #expect(request.body == Array(#"{"model":"claude-test"}"#.utf8))
        #expect(request.head.headers["transfer-encoding"] == ["chunked"])
        let result = await client.response()
        #expect(result.completed)
        let exchange = try await harness.nextExchange()
        #expect(exchange.summary.requestBody == Array(#"{"model":"claude-test"}"#.utf8))
        #expect(exchange.summary.outcome == .complete)

        await client.close()
        await harness.shutdown()
        await upstream.shutdown()
    }

    @Test func keepAliveReusesOneUpstreamConnection() async throws {
        let upstream = try await TestUpstream { _ in .stream([SampleStream.bytes]) }
        let harness = try await ProxyHarness(upstreamPort: upstream.port)
        let client = try await TestClient(port: harness.proxy.port)
        var connections: Set<Int> = []
        var events = upstream.events.makeAsyncIterator()
        for _ in 0..<3 {
            try await client.send(body: Array("{}".utf8))
            let result = await client.response()
            #expect(result.completed)
            #expect(result.body == SampleStream.bytes)
            while let event = await events.next() {
                if case .request(let request) = event {
                    connections.insert(request.connection)
                    break
                }
            }
        }
        #expect(connections.count == 1)
        await client.close()
        await harness.shutdown()
        await upstream.shutdown()
    }

    @Test func aClientThatDoesNotReadPausesTheUpstream() async throws {
        // 32 MiB the client does not read. The upstream writes only while its socket takes bytes; with
        // back-pressure the proxy stops reading it and the socket fills up; without, the proxy would
        // read (and buffer) everything and the upstream would never have to wait.
        let part = [UInt8](repeating: UInt8(ascii: "x"), count: 16 << 10)
        let upstream = try await TestUpstream(paced: true) { _ in
            .body(Array(repeating: part, count: 2048), contentType: "application/octet-stream")
        }
        let harness = try await ProxyHarness(upstreamPort: upstream.port)
        let client = try await TestClient(port: harness.proxy.port, autoRead: false)
        try await client.send(body: Array("{}".utf8))
        let events = upstream.events
        let paused = await firstResult(within: .seconds(20)) {
            for await event in events {
                if case .unwritable = event { return true }
            }
            return false
        }
        #expect(paused == true, "the upstream never had to wait: the proxy kept reading without back-pressure")
        try await client.startReading()
        let result = await client.response()
        #expect(result.completed)
        #expect(result.body.count == 32 << 20)
        let exchange = try await harness.nextExchange()
        #expect(exchange.summary.outcome == .nonStreaming)
        #expect(exchange.trailingBytes.count == 32 << 20)
        await client.close()
        await harness.shutdown()
        await upstream.shutdown()
    }

    @Test func largeBodyPassesThroughIntact() async throws {
        var big: [UInt8] = []
        for index in 0..<40_000 {
            big += Array("event: content_block_delta\ndata: {\"i\":\(index)}\n\n".utf8)
        }
        let parts = stride(from: 0, to: big.count, by: 65_536).map { Array(big[$0..<min($0 + 65_536, big.count)]) }
        let upstream = try await TestUpstream { _ in .stream(parts) }
        let harness = try await ProxyHarness(upstreamPort: upstream.port)
        let client = try await TestClient(port: harness.proxy.port)
        try await client.send(body: Array("{}".utf8))
        let result = await client.response()
        // No message_stop in this stream: the proxy must break the body, but every byte still arrives.
        #expect(!result.completed)
        #expect(result.body == big)
        let exchange = try await harness.nextExchange()
        #expect(exchange.responseBody == big)
        #expect(exchange.events.count == 40_000)
        #expect(exchange.summary.outcome == .upstreamDisconnect)
        await client.close()
        await harness.shutdown()
        await upstream.shutdown()
    }
}

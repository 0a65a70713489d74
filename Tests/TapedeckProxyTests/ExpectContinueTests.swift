import Foundation
import TapedeckTestSupport
import Testing

@testable import TapedeckCore
@testable import TapedeckProxy

@Suite(.timeLimit(.minutes(1))) struct ExpectContinueTests {
    static let sseReply =
        Array("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n".utf8)
        + Array(String(SampleStream.bytes.count, radix: 16).utf8) + Array("\r\n".utf8) + SampleStream.bytes
        + Array("\r\n0\r\n\r\n".utf8)

    @Test func theProxyAnswers100ContinueItselfAndStreamsTheBodyOn() async throws {
        let upstream = try await RawUpstream { _ in RawReply(pieces: [Self.sseReply]) }
        let harness = try await ProxyHarness(upstreamPort: upstream.port)
        let client = try await RawClient(port: harness.proxy.port)
        let body = #"{"model":"claude-test","stream":true}"#
        try await client.send(
            "POST /v1/messages HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
                + "content-length: \(body.utf8.count)\r\nexpect: 100-continue\r\n\r\n")

        // The body is held back until the 100 arrives, as a client that honours Expect does.
        let interim = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
        let continued = await client.receive { $0.count >= interim.count }
        #expect(!continued.timedOut && !continued.closed)
        #expect(Array(continued.bytes.prefix(interim.count)) == interim)

        try await client.send(body)
        let read = await client.response(from: interim.count)
        #expect(!read.timedOut)
        let response = try #require(RawHTTPResponse.parse(read.bytes))
        #expect(response.statusLine == "HTTP/1.1 200 OK")
        #expect(response.body == SampleStream.bytes)

        let (requests, _) = await upstream.requests(1)
        let forwarded = try #require(requests.first)
        #expect(RawHTTPResponse.headerValues("expect", in: forwarded.head).isEmpty)
        #expect(forwarded.body == Array(body.utf8))

        let exchange = try await harness.nextExchange()
        #expect(exchange.summary.outcome == .complete)
        #expect(exchange.summary.requestBody == Array(body.utf8))
        #expect(exchange.summary.requestHeaders.contains { $0.name.lowercased() == "expect" })

        await client.close()
        await harness.shutdown()
        await upstream.shutdown()
    }
}

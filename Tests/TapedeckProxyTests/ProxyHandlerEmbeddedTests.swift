import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import TapedeckCore
@testable import TapedeckProxy

/// The proxy's handlers on `EmbeddedChannel`s: no sockets, the loop's own clock, every byte seen.
@Suite struct ProxyHandlerEmbeddedTests {
    static let post = "POST /v1/messages HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}"
    static let sseHead = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"

    static func chunk(_ text: String) -> String {
        "\(String(text.utf8.count, radix: 16))\r\n\(text)\r\n"
    }

    static let stop = "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
    static let ping = "event: ping\ndata: {\"type\":\"ping\"}\n\n"

    @Test func streamIsRelayedRecordedAndTheConnectionsAreReused() throws {
        let proxy = try EmbeddedProxy()
        try proxy.clientSends(Self.post)
        let upstream = try #require(proxy.upstreams.last)
        let request = try upstream.received()
        #expect(request.hasPrefix("POST /v1/messages HTTP/1.1\r\n"))
        #expect(request.hasSuffix("\r\n\r\n{}"))
        try upstream.sends(Self.sseHead + Self.chunk(Self.ping) + Self.chunk(Self.stop) + "0\r\n\r\n")
        let response = try proxy.clientReceived()
        #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(response.hasSuffix(Self.chunk(Self.ping) + Self.chunk(Self.stop) + "0\r\n\r\n"))
        #expect(proxy.client.isActive)
        #expect(try proxy.handler.connectionState == .idle)

        // The second exchange on the same client connection reuses the pooled upstream connection.
        try proxy.clientSends(Self.post)
        #expect(proxy.upstreams.channels.count == 1)
        #expect(try upstream.received().hasPrefix("POST /v1/messages HTTP/1.1\r\n"))
        try upstream.sends(Self.sseHead + Self.chunk(Self.stop) + "0\r\n\r\n")
        #expect(try proxy.clientReceived().hasSuffix(Self.chunk(Self.stop) + "0\r\n\r\n"))

        let calls = proxy.recorder.calls
        #expect(calls.count == 2)
        #expect(calls[0].ending == .upstreamFinished)
        #expect(calls[0].requestBody == Array("{}".utf8))
        #expect(calls[0].responseBody == Array((Self.ping + Self.stop).utf8))
        #expect(calls.allSatisfy { $0.finishCount == 1 })
    }

    @Test func clientAbortMidBodyClosesTheUpstreamAndIsRecorded() throws {
        let proxy = try EmbeddedProxy()
        try proxy.clientSends("POST /v1/messages HTTP/1.1\r\nhost: x\r\ncontent-length: 10\r\n\r\n{\"a\"")
        let upstream = try #require(proxy.upstreams.last)
        _ = try upstream.received()
        try proxy.client.close().wait()
        proxy.loop.run()
        #expect(!upstream.isActive)
        let calls = proxy.recorder.calls
        #expect(calls.count == 1)
        #expect(calls[0].ending == .clientDisconnected)
        #expect(calls[0].requestBody == Array("{\"a\"".utf8))
        #expect(!calls[0].requestEnded)
    }

    @Test func upstreamCutInsideAChunkSizeLineBreaksTheClientBody() throws {
        let proxy = try EmbeddedProxy()
        try proxy.clientSends(Self.post)
        let upstream = try #require(proxy.upstreams.last)
        _ = try upstream.received()
        try upstream.sends(Self.sseHead + Self.chunk(Self.ping) + "1")
        try upstream.close().wait()
        proxy.loop.run()
        let response = try proxy.clientReceived()
        #expect(response.hasSuffix(Self.chunk(Self.ping)), "the held size line must not reach the client")
        #expect(!response.contains("0\r\n\r\n"))
        #expect(!proxy.client.isActive)
        let calls = proxy.recorder.calls
        #expect(calls[0].ending == .upstreamClosed)
        #expect(calls[0].responseBody == Array(Self.ping.utf8))
    }

    /// Issue 11 item 8: four good chunks and a bad size line in one read are relayed and recorded, then the
    /// client's body is broken.
    @Test func validChunksBeforeMalformedFramingInOneReadAreRelayedAndRecorded() throws {
        let proxy = try EmbeddedProxy()
        try proxy.clientSends(Self.post)
        let upstream = try #require(proxy.upstreams.last)
        _ = try upstream.received()
        let good = (0..<4).map { _ in Self.chunk(Self.ping) }.joined()
        try? upstream.sends(Self.sseHead + good + "zz\r\nbroken\r\n")
        proxy.loop.run()
        let response = try proxy.clientReceived()
        #expect(response.hasSuffix(good))
        #expect(!proxy.client.isActive)
        let calls = proxy.recorder.calls
        #expect(calls[0].responseBody == Array(String(repeating: Self.ping, count: 4).utf8))
        #expect(calls[0].ending == .upstreamClosed)
        #expect(calls[0].detail?.contains("malformed chunked body") == true)
    }

    @Test func http10ClientGetsTheDecodedBodyAndTheConnectionCloses() throws {
        let proxy = try EmbeddedProxy()
        try proxy.clientSends("POST /v1/messages HTTP/1.0\r\ncontent-length: 2\r\n\r\n{}")
        let upstream = try #require(proxy.upstreams.last)
        let request = try upstream.received()
        #expect(request.hasPrefix("POST /v1/messages HTTP/1.1\r\n"), "the upstream always gets HTTP/1.1")
        try upstream.sends(Self.sseHead + Self.chunk(Self.ping) + Self.chunk(Self.stop) + "0\r\n\r\n")
        proxy.loop.run()
        let response = try proxy.clientReceived()
        #expect(response.hasPrefix("HTTP/1.0 200 OK\r\n"))
        #expect(response.lowercased().contains("connection: close"))
        #expect(response.hasSuffix(Self.ping + Self.stop))
        #expect(!proxy.client.isActive)
        #expect(proxy.recorder.calls[0].ending == .upstreamFinished)
    }

    @Test func headRequestGetsAHeadWithoutABody() throws {
        let proxy = try EmbeddedProxy()
        try proxy.clientSends("HEAD /v1/models HTTP/1.1\r\nhost: x\r\n\r\n")
        let upstream = try #require(proxy.upstreams.last)
        #expect(try upstream.received().hasPrefix("HEAD /v1/models HTTP/1.1\r\n"))
        try upstream.sends("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 10\r\n\r\n")
        let response = try proxy.clientReceived()
        #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(response.contains("content-length: 10"))
        #expect(response.hasSuffix("\r\n\r\n"))
        #expect(proxy.client.isActive)
        #expect(try proxy.handler.connectionState == .idle)
        #expect(proxy.recorder.calls[0].ending == .upstreamFinished)
    }

    @Test func expectContinueIsAnsweredAtOnce() throws {
        let proxy = try EmbeddedProxy()
        try proxy.clientSends(
            "POST /v1/messages HTTP/1.1\r\nhost: x\r\nexpect: 100-continue\r\ncontent-length: 2\r\n\r\n")
        #expect(try proxy.clientReceived() == "HTTP/1.1 100 Continue\r\n\r\n")
        let upstream = try #require(proxy.upstreams.last)
        let request = try upstream.received()
        #expect(!request.lowercased().contains("expect"))
        try proxy.clientSends("{}")
        #expect(try upstream.received() == "{}")
    }

    @Test func idleTimeoutEndsTheExchangeAndClosesBothSides() throws {
        let proxy = try EmbeddedProxy(idleTimeout: .seconds(5))
        try proxy.clientSends(Self.post)
        let upstream = try #require(proxy.upstreams.last)
        _ = try upstream.received()
        try upstream.sends(Self.sseHead + Self.chunk(Self.ping))
        proxy.advance(.seconds(3))
        #expect(proxy.client.isActive)
        proxy.advance(.seconds(3))
        #expect(!proxy.client.isActive)
        #expect(!upstream.isActive)
        let calls = proxy.recorder.calls
        #expect(calls[0].ending == .idleTimeout)
        #expect(calls[0].responseBody == Array(Self.ping.utf8))
    }

    /// Issue 11 item 4: a connection that never sends a byte is closed by the idle timeout, from accept.
    @Test func silentConnectionIsClosedByTheIdleTimeout() throws {
        let proxy = try EmbeddedProxy(idleTimeout: .seconds(5), headerTimeout: .seconds(2))
        proxy.advance(.seconds(4))
        #expect(proxy.client.isActive)
        proxy.advance(.seconds(2))
        #expect(!proxy.client.isActive)
        #expect(proxy.recorder.calls.isEmpty)
    }

    /// Issue 11 item 4: a head that stops half-way is closed by the header timeout.
    @Test func halfSentHeadIsClosedByTheHeaderTimeout() throws {
        let proxy = try EmbeddedProxy(idleTimeout: .seconds(60), headerTimeout: .seconds(2))
        try proxy.clientSends("POST /v1/messages HTTP/1.1\r\nhost")
        proxy.advance(.milliseconds(1900))
        #expect(proxy.client.isActive)
        proxy.advance(.milliseconds(200))
        #expect(!proxy.client.isActive)
    }

    /// Issue 11 item 4: a head dripped a byte a second is closed by the header timeout, though bytes keep coming.
    @Test func drippedHeadIsClosedByTheHeaderTimeout() throws {
        let proxy = try EmbeddedProxy(idleTimeout: .seconds(60), headerTimeout: .seconds(5))
        var sent = 0
        for byte in Self.post {
            guard proxy.client.isActive else { break }
            try proxy.clientSends(String(byte))
            sent += 1
            proxy.advance(.seconds(1))
        }
        #expect(!proxy.client.isActive)
        #expect(sent <= 6)
        #expect(proxy.recorder.calls.isEmpty)
    }

    @Test func keptAliveConnectionRestartsTheHeaderTimeoutForTheNextHead() throws {
        let proxy = try EmbeddedProxy(idleTimeout: .seconds(60), headerTimeout: .seconds(2))
        try proxy.clientSends(Self.post)
        let upstream = try #require(proxy.upstreams.last)
        _ = try upstream.received()
        // A long exchange is not cut by the header timeout.
        proxy.advance(.seconds(5))
        try upstream.sends(Self.sseHead + Self.chunk(Self.stop) + "0\r\n\r\n")
        #expect(proxy.client.isActive)
        try proxy.clientSends("POST /v1/mess")
        proxy.advance(.seconds(3))
        #expect(!proxy.client.isActive)
    }

    @Test func unreachableUpstreamAnswers502() throws {
        let proxy = try EmbeddedProxy()
        proxy.upstreams.failNextConnect = ChannelError.connectTimeout(.seconds(10))
        try proxy.clientSends(Self.post)
        let response = try proxy.clientReceived()
        #expect(response.hasPrefix("HTTP/1.1 502 Bad Gateway\r\n"))
        #expect(response.contains("cannot connect to upstream"))
        #expect(proxy.recorder.calls[0].ending == .upstreamUnreachable)
    }

    /// A pooled connection that the upstream closed just as it was reused fails the head's write: nothing was sent,
    /// so the request goes once more on a fresh connection instead of answering 502.
    @Test func reusedConnectionClosedBeforeTheRequestWasSentIsRetriedOnAFreshOne() throws {
        let proxy = try EmbeddedProxy()
        proxy.upstreams.extraHandlers = { [WriteFailsAndCloses()] }
        try proxy.clientSends(Self.post)
        let stale = try #require(proxy.upstreams.last)
        try stale.sends(Self.sseHead + Self.chunk(Self.stop) + "0\r\n\r\n")
        _ = try proxy.clientReceived()
        let failing = try stale.pipeline.syncOperations.handler(type: WriteFailsAndCloses.self)
        failing.armed = true
        proxy.upstreams.extraHandlers = { [] }

        try proxy.clientSends(Self.post)
        proxy.loop.run()
        #expect(proxy.upstreams.channels.count == 2, "the retry opens a fresh connection")
        let fresh = try #require(proxy.upstreams.last)
        #expect(try fresh.received().hasSuffix("\r\n\r\n{}"))
        try fresh.sends(Self.sseHead + Self.chunk(Self.stop) + "0\r\n\r\n")
        let response = try proxy.clientReceived()
        #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(proxy.recorder.calls[1].ending == .upstreamFinished)
    }

    /// A reused connection whose request went out and then broke is not retried (the upstream may have acted on
    /// it): the client gets a 502.
    @Test func failureAfterTheRequestWasSentIsNotRetried() throws {
        let proxy = try EmbeddedProxy()
        try proxy.clientSends(Self.post)
        let upstream = try #require(proxy.upstreams.last)
        try upstream.sends(Self.sseHead + Self.chunk(Self.stop) + "0\r\n\r\n")
        _ = try proxy.clientReceived()
        try proxy.clientSends(Self.post)
        _ = try upstream.received()
        try upstream.close().wait()
        proxy.loop.run()
        #expect(proxy.upstreams.channels.count == 1)
        #expect(try proxy.clientReceived().hasPrefix("HTTP/1.1 502 Bad Gateway\r\n"))
        #expect(proxy.recorder.calls[1].ending == .upstreamClosed)
    }

    /// Issue 11 item 9: an upstream that gzips the stream anyway. The client gets the bytes as sent (and a clean
    /// end: the decoded stream has its message_stop); the recorder gets the events decoded.
    @Test func gzipStreamIsForwardedIntactAndRecordedDecoded() throws {
        let gzipped = try #require(
            Data(
                base64Encoded:
                    "H4sIAAAAAAACA0stS80rsVIoyMxL50pJLEm0UqhWKqksSFWyUgKJKdVycaVClOSmFhcnpqfGF5fkF6ArRZYDaQEARBFgoFYAAAA="
            ))
        let proxy = try EmbeddedProxy()
        try proxy.clientSends(Self.post)
        let upstream = try #require(proxy.upstreams.last)
        _ = try upstream.received()
        let head =
            "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-encoding: gzip\r\n"
            + "transfer-encoding: chunked\r\n\r\n"
        var wire = upstream.allocator.buffer(string: head)
        // Two chunks, cut inside the gzip stream.
        for piece in [gzipped.prefix(20), gzipped.dropFirst(20)] {
            wire.writeString("\(String(piece.count, radix: 16))\r\n")
            wire.writeBytes(piece)
            wire.writeString("\r\n")
        }
        wire.writeString("0\r\n\r\n")
        try upstream.writeInbound(wire)
        proxy.loop.run()
        var received: [UInt8] = []
        while let buffer = try proxy.client.readOutbound(as: ByteBuffer.self) {
            received += Array(buffer.readableBytesView)
        }
        let text = String(decoding: received, as: UTF8.self)
        #expect(text.lowercased().contains("content-encoding: gzip"))
        #expect(received.suffix(5) == Array("0\r\n\r\n".utf8))
        let bodyStart = try #require(text.range(of: "\r\n\r\n")).upperBound.utf16Offset(in: text)
        var body = Array(received[bodyStart...])
        var compressed: [UInt8] = []
        // De-chunk what the client got: the gzip bytes as the upstream sent them.
        while let lineEnd = body.firstIndex(of: UInt8(ascii: "\n")) {
            let size = Int(String(decoding: body[..<(lineEnd - 1)], as: UTF8.self), radix: 16) ?? 0
            if size == 0 { break }
            compressed += body[(lineEnd + 1)..<(lineEnd + 1 + size)]
            body = Array(body[(lineEnd + 1 + size + 2)...])
        }
        #expect(compressed == Array(gzipped))
        #expect(proxy.client.isActive)
        let calls = proxy.recorder.calls
        #expect(calls[0].responseBody == Array((Self.ping + Self.stop).utf8))
        #expect(calls[0].ending == .upstreamFinished)
        #expect(
            calls[0].responseHeaders.contains { $0.name == "x-tapedeck-decoded-content-encoding" && $0.value == "gzip" }
        )
        #expect(!calls[0].responseHeaders.contains { $0.name.lowercased() == "content-encoding" })
    }

    @Test func cleanEndWithoutMessageStopBreaksTheClientBody() throws {
        let proxy = try EmbeddedProxy()
        try proxy.clientSends(Self.post)
        let upstream = try #require(proxy.upstreams.last)
        try upstream.sends(Self.sseHead + Self.chunk(Self.ping) + "0\r\n\r\n")
        proxy.loop.run()
        let response = try proxy.clientReceived()
        #expect(!response.hasSuffix("0\r\n\r\n"))
        #expect(!proxy.client.isActive)
        #expect(proxy.recorder.calls[0].detail == "the stream ended without message_stop")
    }
}

/// Fails every write once armed and closes its channel, as NIO does when a socket write meets a peer that closed.
final class WriteFailsAndCloses: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    var armed = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard armed else {
            context.write(data, promise: promise)
            return
        }
        promise?.fail(ChannelError.ioOnClosedChannel)
    }

    func flush(context: ChannelHandlerContext) {
        if armed {
            context.close(promise: nil)
        } else {
            context.flush()
        }
    }
}

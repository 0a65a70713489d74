import NIOCore
import NIOHTTP1

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sends one benchmark request and checks the streamed body event by event against the
/// deterministic script: every byte must match except the stamp digits, which give the
/// event's send time and so its latency (`arrival − send`, one shared monotonic clock).
final class ProxyClientHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    /// The request body: a realistic streaming Messages call.
    static let requestBody = Array(
        (#"{"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"#
            + #""messages":[{"role":"user","content":"Tell me about flight recorders."}]}"#).utf8
    )

    private let request: ProxyStreamRequest
    private let script: ProxyStreamScript
    private let hostHeader: String
    private let collectLatency: Bool
    private let timeout: TimeAmount
    private let sink: ProxyOutcomeSink
    private var outcome = ProxyStreamOutcome()
    private var pending = ByteBuffer()
    private var nextEvent = 0
    private var timer: Scheduled<Void>?

    /// A handler for one stream of `script`, reporting to `sink`.
    init(
        request: ProxyStreamRequest, script: ProxyStreamScript, hostHeader: String, collectLatency: Bool,
        timeout: TimeAmount, sink: ProxyOutcomeSink
    ) {
        self.request = request
        self.script = script
        self.hostHeader = hostHeader
        self.collectLatency = collectLatency
        self.timeout = timeout
        self.sink = sink
        if collectLatency {
            outcome.latencies.reserveCapacity(script.eventCount)
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        outcome.connectedAt = ProxyClock.nowNanoseconds()
        let headers = HTTPHeaders([
            ("host", hostHeader),
            ("content-type", "application/json"),
            ("content-length", String(Self.requestBody.count)),
            ("anthropic-version", "2023-06-01"),
            ("x-api-key", "sk-ant-bench-placeholder"),
            ("accept", "text/event-stream"),
        ])
        let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: request.uri, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        var body = context.channel.allocator.buffer(capacity: Self.requestBody.count)
        body.writeBytes(Self.requestBody)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            self.fail(context: context, "timed out after \(self.nextEvent) events")
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if head.status != .ok {
                fail(context: context, "HTTP \(head.status.code)")
            }
        case .body(var buffer):
            let arrival = ProxyClock.nowNanoseconds()
            outcome.bytes += buffer.readableBytes
            guard outcome.failure == nil else { return }
            if pending.readableBytes == 0 {
                pending = buffer
            } else {
                pending.writeBuffer(&buffer)
            }
            verify(context: context, arrival: arrival)
        case .end:
            if outcome.failure == nil {
                if nextEvent == script.eventCount, pending.readableBytes == 0 {
                    outcome.complete = true
                } else {
                    outcome.failure = "body ended after \(nextEvent) of \(script.eventCount) events"
                }
            }
            finish(context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context: context, "\(error)")
    }

    func channelInactive(context: ChannelHandlerContext) {
        if outcome.failure == nil, !outcome.complete {
            outcome.failure = "connection closed after \(nextEvent) of \(script.eventCount) events"
        }
        finish(context: context)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if outcome.failure == nil, !outcome.complete {
            outcome.failure = "connection never came up"
        }
        timer?.cancel()
        sink.complete(outcome)
    }

    private func verify(context: ChannelHandlerContext, arrival: UInt64) {
        while nextEvent < script.eventCount {
            let template = script.templates[nextEvent]
            let length = template.bytes.count
            guard pending.readableBytes >= length else { break }
            let stamp: UInt64?? = pending.withUnsafeReadableBytes { received in
                template.bytes.withUnsafeBytes { expected in
                    Self.match(
                        received: received, expected: expected, length: length, stampOffset: template.stampOffset)
                }
            }
            guard let stamp else {
                fail(context: context, "event \(nextEvent) differs from what the upstream sent")
                return
            }
            if collectLatency, let stamp {
                outcome.latencies.append(arrival >= stamp ? Int64(arrival - stamp) : 0)
            }
            pending.moveReaderIndex(forwardBy: length)
            nextEvent += 1
            outcome.eventsVerified += 1
        }
        if nextEvent == script.eventCount, pending.readableBytes > 0 {
            fail(context: context, "\(pending.readableBytes) unexpected bytes after the last event")
        } else if pending.readerIndex > 65_536 {
            pending.discardReadBytes()
        }
    }

    /// `.some(stamp)` when the bytes match (stamp nil for events without one); nil on mismatch.
    private static func match(
        received: UnsafeRawBufferPointer, expected: UnsafeRawBufferPointer, length: Int, stampOffset: Int?
    ) -> UInt64?? {
        guard let receivedBase = received.baseAddress, let expectedBase = expected.baseAddress else { return nil }
        guard let offset = stampOffset else {
            return memcmp(receivedBase, expectedBase, length) == 0 ? .some(nil) : nil
        }
        let afterStamp = offset + ProxyStreamScript.stampWidth
        guard memcmp(receivedBase, expectedBase, offset) == 0,
            memcmp(receivedBase + afterStamp, expectedBase + afterStamp, length - afterStamp) == 0,
            let stamp = ProxyStreamScript.readStamp(UnsafeRawBufferPointer(rebasing: received[offset..<afterStamp]))
        else { return nil }
        return .some(stamp)
    }

    private func fail(context: ChannelHandlerContext, _ reason: String) {
        if outcome.failure == nil, !outcome.complete {
            outcome.failure = reason
        }
        finish(context: context)
    }

    private func finish(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        if outcome.endedAt == 0 {
            outcome.endedAt = ProxyClock.nowNanoseconds()
        }
        sink.complete(outcome)
        context.close(promise: nil)
    }
}

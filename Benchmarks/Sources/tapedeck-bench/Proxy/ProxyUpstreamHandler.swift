import NIOCore
import NIOHTTP1

/// Answers POST /v1/messages with a `ProxyStreamScript` stream: each text delta stamped with
/// the monotonic clock just before its write, paced by absolute deadlines (no drift) or, in
/// flood mode, written as fast as the socket accepts with back-pressure honoured.
final class ProxyUpstreamHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Events written per flush in flood mode: few syscalls, yet chunks stay event-sized.
    private static let floodFlushEvery = 32

    private let cache: ProxyScriptCache
    private var request: ProxyStreamRequest?
    private var keepAlive = true
    private var script: ProxyStreamScript?
    private var nextEvent = 0
    private var start = NIODeadline.now()
    private var timer: Scheduled<Void>?
    private var flooding = false

    /// A handler that takes its scripts from `cache`.
    init(cache: ProxyScriptCache) {
        self.cache = cache
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = head.method == .POST ? ProxyStreamRequest(uri: head.uri) : nil
            keepAlive = head.isKeepAlive
        case .body:
            break
        case .end:
            respond(context: context)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if flooding, context.channel.isWritable {
            flood(context: context)
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        script = nil
        flooding = false
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func respond(context: ChannelHandlerContext) {
        guard let request else {
            var headers = HTTPHeaders([("content-type", "application/json"), ("content-length", "0")])
            if !keepAlive { headers.add(name: "connection", value: "close") }
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .badRequest, headers: headers))),
                promise: nil)
            finish(context: context)
            return
        }
        var headers = HTTPHeaders([
            ("content-type", "text/event-stream; charset=utf-8"),
            ("cache-control", "no-cache"),
            ("request-id", "req_bench_01"),
        ])
        if !keepAlive { headers.add(name: "connection", value: "close") }
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        script = cache.script(eventCount: request.events)
        nextEvent = 0
        start = .now()
        if request.intervalMicroseconds == 0 {
            flooding = true
            flood(context: context)
        } else {
            sendPaced(context: context, interval: .microseconds(Int64(request.intervalMicroseconds)))
        }
    }

    private func sendPaced(context: ChannelHandlerContext, interval: TimeAmount) {
        guard let script else { return }
        writeEvent(context: context, script: script)
        context.flush()
        guard nextEvent < script.eventCount else {
            finish(context: context)
            return
        }
        let deadline = start + .nanoseconds(interval.nanoseconds * Int64(nextEvent))
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            self.sendPaced(context: context, interval: interval)
        }
    }

    private func flood(context: ChannelHandlerContext) {
        guard let script else { return }
        var unflushed = 0
        while nextEvent < script.eventCount, context.channel.isWritable {
            writeEvent(context: context, script: script)
            unflushed += 1
            if unflushed == Self.floodFlushEvery {
                context.flush()
                unflushed = 0
            }
        }
        if unflushed > 0 { context.flush() }
        if nextEvent == script.eventCount {
            flooding = false
            finish(context: context)
        }
    }

    private func writeEvent(context: ChannelHandlerContext, script: ProxyStreamScript) {
        let template = script.templates[nextEvent]
        var buffer = context.channel.allocator.buffer(capacity: template.bytes.count)
        buffer.writeBytes(template.bytes)
        if let offset = template.stampOffset {
            let stamp = ProxyClock.nowNanoseconds()
            buffer.withUnsafeMutableReadableBytes { raw in
                let digits = UnsafeMutableRawBufferPointer(
                    rebasing: raw[offset..<(offset + ProxyStreamScript.stampWidth)]
                )
                ProxyStreamScript.writeStamp(stamp, into: digits)
            }
        }
        nextEvent += 1
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
    }

    private func finish(context: ChannelHandlerContext) {
        let close = !keepAlive
        script = nil
        request = nil
        timer = nil
        let promise: EventLoopPromise<Void>? = close ? context.eventLoop.makePromise() : nil
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: promise)
        promise?.futureResult.assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}

import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import TapedeckCore

/// A request as the test upstream saw it.
public struct SeenRequest: Sendable {
    /// The request head as parsed.
    public var head: HTTPRequestHead
    /// The body parts as they arrived.
    public var bodyParts: [[UInt8]]
    /// The whole body.
    public var body: [UInt8] { bodyParts.flatMap { $0 } }
    /// Which accepted connection it came on (1 for the first).
    public var connection: Int
}

/// A tiny HTTP/1.1 upstream on 127.0.0.1:0 built from NIO directly, so proxy tests control every byte, see every
/// request part as it arrives and know when the proxy closes a connection. It answers with the same
/// `ScriptedResponse` the mock upstream and `tapedeck serve` speak: each part one write after its delay, then
/// the ending (`clean`, `cut` after the last byte, or `hang` with the connection left open).
public final class TestUpstream: Sendable {
    /// The bound port.
    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    /// Connections, request parts and closes, in the order the upstream saw them.
    public let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation

    /// What the upstream saw.
    public enum Event: Sendable {
        /// A connection was accepted.
        case connectionOpened(Int)
        /// A request body part arrived.
        case bodyPart(connection: Int, [UInt8])
        /// A whole request arrived (and is being answered).
        case request(SeenRequest)
        /// The connection closed.
        case connectionClosed(Int)
        /// The socket to the proxy stopped taking bytes (the proxy is not reading).
        case unwritable(Int)
    }

    /// Starts answering each request with `script(request)`. `paced`: write the parts only while the socket
    /// takes them (a well-behaved server under backpressure) instead of all at once.
    public init(paced: Bool = false, script: @escaping @Sendable (SeenRequest) -> ScriptedResponse) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (stream, continuation) = AsyncStream<Event>.makeStream()
        let counter = ConnectionCounter()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        ScriptHandler(
                            connection: counter.next(), paced: paced, script: script, events: continuation))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        self.group = group
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
        self.events = stream
        self.continuation = continuation
    }

    /// Closes the listener and every connection.
    public func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
        continuation.finish()
    }
}

extension ScriptedResponse {
    /// A 200 `text/event-stream` answer of `parts`, each one write, ending as `ending` says: the shape of most
    /// upstreams in proxy tests.
    public static func stream(_ parts: [[UInt8]], ending: ScriptedEnding = .clean) -> ScriptedResponse {
        body(parts, contentType: "text/event-stream", ending: ending)
    }

    /// An answer with `status` and `contentType` whose body is `parts`, each one write.
    public static func body(
        _ parts: [[UInt8]], status: Int = 200, contentType: String, extraHeaders: [HeaderField] = [],
        ending: ScriptedEnding = .clean
    ) -> ScriptedResponse {
        ScriptedResponse(
            status: status, headers: [HeaderField(name: "content-type", value: contentType)] + extraHeaders,
            parts: parts.map { ScriptedPart(bytes: $0) }, ending: ending)
    }
}

/// Numbers connections 1, 2, 3... across a server's event-loop threads.
public final class ConnectionCounter: Sendable {
    private let value = NIOLockedValueBox(0)

    /// Starts at connection 1.
    public init() {}

    /// The next connection's number.
    public func next() -> Int {
        value.withLockedValue { value in
            value += 1
            return value
        }
    }
}

private final class ScriptHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let connection: Int
    let paced: Bool
    let script: @Sendable (SeenRequest) -> ScriptedResponse
    let events: AsyncStream<TestUpstream.Event>.Continuation
    var current: SeenRequest?
    /// Parts still to write and the ending, while a response is being written.
    var remaining: ArraySlice<ScriptedPart> = []
    var ending: ScriptedEnding = .clean
    var waitingForWritable = false

    init(
        connection: Int, paced: Bool, script: @escaping @Sendable (SeenRequest) -> ScriptedResponse,
        events: AsyncStream<TestUpstream.Event>.Continuation
    ) {
        self.connection = connection
        self.paced = paced
        self.script = script
        self.events = events
    }

    func channelActive(context: ChannelHandlerContext) {
        events.yield(.connectionOpened(connection))
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        events.yield(.connectionClosed(connection))
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if !context.channel.isWritable { events.yield(.unwritable(connection)) }
        if context.channel.isWritable && waitingForWritable {
            waitingForWritable = false
            writeParts(context: context)
        }
        context.fireChannelWritabilityChanged()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            current = SeenRequest(head: head, bodyParts: [], connection: connection)
        case .body(let buffer):
            let bytes = Array(buffer.readableBytesView)
            current?.bodyParts.append(bytes)
            events.yield(.bodyPart(connection: connection, bytes))
        case .end:
            guard let request = current else { return }
            current = nil
            events.yield(.request(request))
            respond(script(request), context: context)
        }
    }

    private func respond(_ response: ScriptedResponse, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        for header in response.headers { headers.add(name: header.name, value: header.value) }
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
            promise: nil)
        remaining = response.parts[...]
        ending = response.ending
        if response.headDelayNanos > 0 {
            context.flush()
            schedule(after: response.headDelayNanos, context: context)
        } else {
            writeParts(context: context)
        }
    }

    /// Writes the parts that are due (stopping at a delay, or at backpressure when paced), then the ending.
    private func writeParts(context: ChannelHandlerContext) {
        var lastWrite: EventLoopFuture<Void>?
        while let part = remaining.first {
            if part.delayNanos > 0 {
                remaining[remaining.startIndex].delayNanos = 0
                context.flush()
                schedule(after: part.delayNanos, context: context)
                return
            }
            if paced && !context.channel.isWritable {
                context.flush()
                waitingForWritable = true
                return
            }
            remaining.removeFirst()
            let buffer = context.channel.allocator.buffer(bytes: part.bytes)
            lastWrite = context.write(wrapOutboundOut(.body(.byteBuffer(buffer))))
            if paced { context.flush() }
        }
        finish(after: lastWrite, context: context)
    }

    private func schedule(after nanos: Int64, context: ChannelHandlerContext) {
        context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanos)) { [self] in
            guard context.channel.isActive else { return }
            writeParts(context: context)
        }
    }

    private func finish(after lastWrite: EventLoopFuture<Void>?, context: ChannelHandlerContext) {
        switch ending {
        case .clean:
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        case .cut:
            let channel = context.channel
            context.flush()
            if let lastWrite {
                lastWrite.whenComplete { _ in channel.close(promise: nil) }
            } else {
                context.close(promise: nil)
            }
        case .hang:
            context.flush()
        }
    }
}

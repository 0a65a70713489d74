import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import TapedeckCore

/// What a test upstream answers: a head, timed body parts, and how the body ends.
public struct UpstreamScript: Sendable {
    public enum Ending: Sendable {
        /// Terminating chunk sent.
        case clean
        /// Connection closed without the terminating chunk.
        case cut
        /// Nothing more is sent; the connection stays open.
        case hang
    }

    public var status: HTTPResponseStatus = .ok
    public var headers: [(String, String)] = [("content-type", "text/event-stream")]
    public var parts: [[UInt8]] = []
    public var ending: Ending = .clean
    /// Send nothing at all (not even the head).
    public var silent = false
    /// Parts sent after a delay, before `ending` (a stream still running when something happens).
    public var delayedParts: (delay: TimeAmount, parts: [[UInt8]])?
    /// Write parts only while the socket takes them (a well-behaved server), then end cleanly.
    public var paced = false

    /// A script; every field has the default a plain streaming answer needs.
    public init(
        status: HTTPResponseStatus = .ok, headers: [(String, String)] = [("content-type", "text/event-stream")],
        parts: [[UInt8]] = [], ending: Ending = .clean, silent: Bool = false,
        delayedParts: (delay: TimeAmount, parts: [[UInt8]])? = nil, paced: Bool = false
    ) {
        self.status = status
        self.headers = headers
        self.parts = parts
        self.ending = ending
        self.silent = silent
        self.delayedParts = delayedParts
        self.paced = paced
    }
}

/// A request as the test upstream saw it.
public struct SeenRequest: Sendable {
    public var head: HTTPRequestHead
    public var bodyParts: [[UInt8]]
    public var body: [UInt8] { bodyParts.flatMap { $0 } }
    public var connection: Int
}

/// A tiny HTTP/1.1 upstream on 127.0.0.1:0 built from NIO directly, so proxy tests control every byte,
/// see every request part as it arrives and know when the proxy closes a connection.
public final class TestUpstream: Sendable {
    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    public let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation

    public enum Event: Sendable {
        case connectionOpened(Int)
        case bodyPart(connection: Int, [UInt8])
        case request(SeenRequest)
        case connectionClosed(Int)
        /// The socket to the proxy stopped taking bytes (the proxy is not reading).
        case unwritable(Int)
    }

    public init(script: @escaping @Sendable (SeenRequest) -> UpstreamScript) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (stream, continuation) = AsyncStream<Event>.makeStream()
        let counter = ConnectionCounter()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        ScriptHandler(connection: counter.next(), script: script, events: continuation))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        self.group = group
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
        self.events = stream
        self.continuation = continuation
    }

    public func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
        continuation.finish()
    }
}

/// Numbers connections 1, 2, 3... across a server's event-loop threads.
public final class ConnectionCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// Starts at connection 1.
    public init() {}

    /// The next connection's number.
    public func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

private final class ScriptHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let connection: Int
    let script: @Sendable (SeenRequest) -> UpstreamScript
    let events: AsyncStream<TestUpstream.Event>.Continuation
    var current: SeenRequest?
    var pacedRemaining: ArraySlice<[UInt8]> = []
    var pacing = false

    init(
        connection: Int, script: @escaping @Sendable (SeenRequest) -> UpstreamScript,
        events: AsyncStream<TestUpstream.Event>.Continuation
    ) {
        self.connection = connection
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
        if context.channel.isWritable && pacing { writePaced(context: context) }
        context.fireChannelWritabilityChanged()
    }

    private func writePaced(context: ChannelHandlerContext) {
        while context.channel.isWritable, let part = pacedRemaining.popFirst() {
            context.writeAndFlush(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: part)))), promise: nil)
        }
        if pacedRemaining.isEmpty {
            pacing = false
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
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

    private func respond(_ script: UpstreamScript, context: ChannelHandlerContext) {
        guard !script.silent else { return }
        var headers = HTTPHeaders()
        for (name, value) in script.headers { headers.add(name: name, value: value) }
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: script.status, headers: headers))),
            promise: nil)
        if script.paced {
            pacedRemaining = script.parts[...]
            pacing = true
            writePaced(context: context)
            return
        }
        if let delayed = script.delayedParts {
            for part in script.parts {
                context.write(
                    wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: part)))), promise: nil)
            }
            context.flush()
            var rest = script
            rest.parts = delayed.parts
            rest.delayedParts = nil
            context.eventLoop.assumeIsolated().scheduleTask(in: delayed.delay) { [self] in
                guard context.channel.isActive else { return }
                finish(rest, context: context)
            }
            return
        }
        finish(script, context: context)
    }

    private func finish(_ script: UpstreamScript, context: ChannelHandlerContext) {
        var lastWrite: EventLoopFuture<Void>?
        for part in script.parts {
            let buffer = context.channel.allocator.buffer(bytes: part)
            lastWrite = context.write(wrapOutboundOut(.body(.byteBuffer(buffer))))
        }
        switch script.ending {
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

import NIOCore
import NIOHTTP1
import NIOPosix

/// What a test client received for one request.
public struct ClientResult: Sendable {
    public var head: HTTPResponseHead?
    public var body: [UInt8] = []
    /// The body ended properly (terminating chunk / full length); false when the connection broke.
    public var completed = false
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// Nothing received yet.
    public init() {}
}

/// A raw HTTP/1.1 client on NIO that reports whether the response body was completed or cut,
/// which ordinary clients hide.
public final class TestClient: Sendable {
    private let group: MultiThreadedEventLoopGroup
    public let channel: any Channel
    public let events: AsyncStream<ClientEvent>

    public enum ClientEvent: Sendable {
        case head(HTTPResponseHead)
        case body([UInt8])
        case end
        case closed
    }

    /// Connects to 127.0.0.1:`port`. With `sendingOnConnect`, that request (a POST to /v1/messages with a
    /// content-length body) is written by the event loop the moment the connection is up, not later by the test's
    /// task: for tests of timers that start at accept, which a busy machine's scheduling must not race.
    public init(port: Int, autoRead: Bool = true, sendingOnConnect body: [UInt8]? = nil) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (stream, continuation) = AsyncStream<ClientEvent>.makeStream()
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.autoRead, value: autoRead)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ResponseCollector(continuation))
                    if let body {
                        try channel.pipeline.syncOperations.addHandler(SendOnActive(Self.request(body: body)))
                    }
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        self.group = group
        self.channel = channel
        self.events = stream
    }

    /// Turns reading on (for a client created with `autoRead: false`).
    public func startReading() async throws {
        try await channel.setOption(.autoRead, value: true).get()
        channel.read()
    }

    /// Sends a request head (without ending it).
    public func sendHead(
        method: HTTPMethod = .POST, uri: String = "/v1/messages", headers: [(String, String)] = []
    ) async throws {
        var fields = HTTPHeaders()
        for (name, value) in headers { fields.add(name: name, value: value) }
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: uri, headers: fields)
        try await channel.writeAndFlush(HTTPClientRequestPart.head(head))
    }

    /// Sends one body part.
    public func sendBody(_ bytes: [UInt8]) async throws {
        let buffer = channel.allocator.buffer(bytes: bytes)
        try await channel.writeAndFlush(HTTPClientRequestPart.body(.byteBuffer(buffer)))
    }

    /// Ends the request.
    public func sendEnd() async throws {
        try await channel.writeAndFlush(HTTPClientRequestPart.end(nil))
    }

    /// The parts of a whole request with a content-length body.
    static func request(
        method: HTTPMethod = .POST, uri: String = "/v1/messages", headers: [(String, String)] = [], body: [UInt8]
    ) -> [HTTPClientRequestPart] {
        var all = headers
        if !body.isEmpty || method == .POST { all.append(("content-length", String(body.count))) }
        var fields = HTTPHeaders()
        for (name, value) in all { fields.add(name: name, value: value) }
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: uri, headers: fields)
        var parts: [HTTPClientRequestPart] = [.head(head)]
        if !body.isEmpty { parts.append(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
        parts.append(.end(nil))
        return parts
    }

    /// Sends a whole request with a content-length body.
    public func send(
        method: HTTPMethod = .POST, uri: String = "/v1/messages", headers: [(String, String)] = [],
        body: [UInt8] = []
    ) async throws {
        // One flush for the whole request, so a server that answers and closes early cannot race
        // a later write of ours.
        let parts = Self.request(method: method, uri: uri, headers: headers, body: body)
        for part in parts.dropLast() { channel.write(part, promise: nil) }
        if let last = parts.last { try await channel.writeAndFlush(last) }
    }

    /// Reads events until the response ended or the connection closed.
    public func response() async -> ClientResult {
        await readUntil(bodyBytes: .max)
    }

    /// Waits for the head and at least `count` body bytes (or the end of the response, or the connection closed).
    public func readUntil(bodyBytes count: Int) async -> ClientResult {
        var result = ClientResult()
        for await event in events {
            switch event {
            case .head(let head): result.head = head
            case .body(let bytes): result.body += bytes
            case .end:
                result.completed = true
                return result
            case .closed:
                return result
            }
            if result.head != nil && result.body.count >= count { return result }
        }
        return result
    }

    /// Waits until the connection is closed.
    public func waitClosed() async {
        for await event in events {
            if case .closed = event { return }
        }
    }

    public func close() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}

public final class ResponseCollector: ChannelInboundHandler {
    public typealias InboundIn = HTTPClientResponsePart
    public let continuation: AsyncStream<TestClient.ClientEvent>.Continuation

    public init(_ continuation: AsyncStream<TestClient.ClientEvent>.Continuation) {
        self.continuation = continuation
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): continuation.yield(.head(head))
        case .body(let buffer): continuation.yield(.body(Array(buffer.readableBytesView)))
        case .end: continuation.yield(.end)
        }
    }

    public func channelInactive(context: ChannelHandlerContext) {
        continuation.yield(.closed)
        continuation.finish()
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// Writes a whole request as soon as the connection is active, on the event loop.
final class SendOnActive: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias InboundOut = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart
    private let parts: [HTTPClientRequestPart]

    init(_ parts: [HTTPClientRequestPart]) {
        self.parts = parts
    }

    func channelActive(context: ChannelHandlerContext) {
        for part in parts { context.write(wrapOutboundOut(part), promise: nil) }
        context.flush()
        context.fireChannelActive()
    }
}

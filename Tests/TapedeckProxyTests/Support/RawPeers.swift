import Foundation
import NIOCore
import NIOPosix
import TapedeckTestSupport

/// A request as the raw upstream read it off the wire.
struct RawRequest: Sendable {
    /// Which accepted connection it came on (1 for the first).
    var connection: Int
    /// How many requests that connection carried before this one.
    var indexOnConnection: Int
    /// The head's text, without the blank line that ends it.
    var head: String
    var body: [UInt8]
}

/// What the raw upstream writes for one request: byte pieces, each written and flushed on its own, `gap` apart
/// (the peer's pacing, so the pieces usually land in separate proxy reads; nothing may depend on whether they do).
struct RawReply: Sendable {
    var pieces: [[UInt8]]
    var gap: TimeAmount = .milliseconds(10)
    /// Close the connection after the last piece (otherwise it stays open for the next request).
    var closeAfter = false
}

/// An upstream that speaks no HTTP through NIO: it reads request bytes itself and writes exactly the scripted
/// bytes, so a test controls the response framing byte for byte.
final class RawUpstream: Sendable {
    let port: Int
    let events: AsyncStream<Event>
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let continuation: AsyncStream<Event>.Continuation

    enum Event: Sendable {
        case connectionOpened(Int)
        case request(RawRequest)
        case connectionClosed(Int)
    }

    init(reply: @escaping @Sendable (RawRequest) -> RawReply) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (stream, continuation) = AsyncStream<Event>.makeStream()
        let counter = ConnectionCounter()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        RawUpstreamHandler(connection: counter.next(), reply: reply, events: continuation))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        self.group = group
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
        self.events = stream
        self.continuation = continuation
    }

    /// Reads events until `count` requests arrived; returns them and the connections opened meanwhile.
    func requests(_ count: Int) async -> (requests: [RawRequest], opened: Set<Int>) {
        var requests: [RawRequest] = []
        var opened: Set<Int> = []
        guard count > 0 else { return (requests, opened) }
        for await event in events {
            switch event {
            case .connectionOpened(let connection): opened.insert(connection)
            case .request(let request): requests.append(request)
            case .connectionClosed: break
            }
            if requests.count == count { break }
        }
        return (requests, opened)
    }

    /// Reads events until the connection `connection` closed; false if the event stream ended first.
    func waitClosed(_ connection: Int) async -> Bool {
        for await event in events {
            if case .connectionClosed(let closed) = event, closed == connection { return true }
        }
        return false
    }

    func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
        continuation.finish()
    }
}

private final class RawUpstreamHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let connection: Int
    let reply: @Sendable (RawRequest) -> RawReply
    let events: AsyncStream<RawUpstream.Event>.Continuation
    private var received: [UInt8] = []
    private var served = 0

    init(
        connection: Int, reply: @escaping @Sendable (RawRequest) -> RawReply,
        events: AsyncStream<RawUpstream.Event>.Continuation
    ) {
        self.connection = connection
        self.reply = reply
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

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received += Array(unwrapInboundIn(data).readableBytesView)
        while let request = takeRequest() {
            events.yield(.request(request))
            let script = reply(request)
            write(script.pieces[...], script: script, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// A whole request (head and Content-Length body) off the front of `received`, once it is all in.
    private func takeRequest() -> RawRequest? {
        guard let headEnd = RawBytes.firstIndex(of: RawBytes.blankLine, in: received) else { return nil }
        let head = String(decoding: received[..<headEnd], as: UTF8.self)
        let length = RawHTTPResponse.headerValues("content-length", in: head).first.flatMap { Int($0) } ?? 0
        let bodyStart = headEnd + RawBytes.blankLine.count
        guard received.count >= bodyStart + length else { return nil }
        let body = Array(received[bodyStart..<(bodyStart + length)])
        received.removeFirst(bodyStart + length)
        served += 1
        return RawRequest(connection: connection, indexOnConnection: served - 1, head: head, body: body)
    }

    private func write(_ pieces: ArraySlice<[UInt8]>, script: RawReply, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        var rest = pieces
        guard let piece = rest.popFirst() else {
            if script.closeAfter { context.close(promise: nil) }
            return
        }
        let written = context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: piece)))
        if rest.isEmpty {
            if script.closeAfter {
                let channel = context.channel
                written.whenComplete { _ in channel.close(promise: nil) }
            }
            return
        }
        context.eventLoop.assumeIsolated().scheduleTask(in: script.gap) { [self] in
            write(rest, script: script, context: context)
        }
    }
}

/// What the raw client has received so far.
struct RawRead: Sendable {
    var bytes: [UInt8]
    /// The proxy closed the connection.
    var closed: Bool
    /// The wait gave up (a failure bound, not a synchronisation delay).
    var timedOut: Bool
}

/// A client that speaks no HTTP through NIO: it writes request bytes as given and keeps every byte it receives.
final class RawClient: Sendable {
    private let group: MultiThreadedEventLoopGroup
    let channel: any Channel
    private let store: RawReceived
    private let signals: AsyncStream<Void>

    init(port: Int) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (signals, continuation) = AsyncStream<Void>.makeStream()
        let store = RawReceived()
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        RawCollector(store: store, signals: continuation))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        self.group = group
        self.channel = channel
        self.store = store
        self.signals = signals
    }

    /// Writes `text` as it is.
    func send(_ text: String) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(string: text))
    }

    /// Everything received from byte `start` on, once `done` holds for it, the connection closed or `limit` passed.
    func receive(
        from start: Int = 0, within limit: Duration = .seconds(15), until done: @escaping @Sendable ([UInt8]) -> Bool
    ) async -> RawRead {
        let store = self.store
        let signals = self.signals
        let finished = await firstResult(within: limit) {
            while true {
                let (bytes, closed) = store.snapshot()
                if closed || done(Array(bytes.dropFirst(start))) { return true }
                var iterator = signals.makeAsyncIterator()
                guard await iterator.next() != nil else { return true }
            }
        }
        let (bytes, closed) = store.snapshot()
        return RawRead(bytes: Array(bytes.dropFirst(start)), closed: closed, timedOut: finished == nil)
    }

    /// Reads from byte `start` until an HTTP response is complete there (by its framing) or the connection closed.
    func response(from start: Int = 0) async -> RawRead {
        await receive(from: start) { RawHTTPResponse.parse($0)?.isComplete == true }
    }

    /// Reads until the proxy closes the connection.
    func untilClosed() async -> RawRead {
        await receive { _ in false }
    }

    func close() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}

private final class RawReceived: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    private var closed = false

    func append(_ more: ByteBufferView) {
        lock.lock()
        defer { lock.unlock() }
        bytes += Array(more)
    }

    func close() {
        lock.lock()
        defer { lock.unlock() }
        closed = true
    }

    func snapshot() -> ([UInt8], Bool) {
        lock.lock()
        defer { lock.unlock() }
        return (bytes, closed)
    }
}

private final class RawCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let store: RawReceived
    private let signals: AsyncStream<Void>.Continuation

    init(store: RawReceived, signals: AsyncStream<Void>.Continuation) {
        self.store = store
        self.signals = signals
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        store.append(unwrapInboundIn(data).readableBytesView)
        signals.yield()
    }

    func channelInactive(context: ChannelHandlerContext) {
        store.close()
        signals.yield()
        signals.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

enum RawBytes {
    static let blankLine: [UInt8] = Array("\r\n\r\n".utf8)
    static let crlf: [UInt8] = Array("\r\n".utf8)

    /// Where `needle` first occurs in `bytes` at or after `start`.
    static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int = 0) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        for index in start...(bytes.count - needle.count)
        where bytes[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }
}

/// An HTTP/1.x response read from raw bytes, with its body framing checked by the test itself.
struct RawHTTPResponse {
    /// The head's text without the blank line that ends it.
    let head: String
    /// The bytes after the head, framing included (and whatever followed the response).
    let rawBody: [UInt8]

    /// The head, once all of it is in `bytes`.
    static func parse(_ bytes: [UInt8]) -> RawHTTPResponse? {
        guard let end = RawBytes.firstIndex(of: RawBytes.blankLine, in: bytes) else { return nil }
        return RawHTTPResponse(
            head: String(decoding: bytes[..<end], as: UTF8.self),
            rawBody: Array(bytes[(end + RawBytes.blankLine.count)...]))
    }

    var statusLine: Substring { head.split(separator: "\r\n", omittingEmptySubsequences: false).first ?? "" }

    /// The values of header `name` (case-insensitive), trimmed.
    func header(_ name: String) -> [String] { Self.headerValues(name, in: head) }

    static func headerValues(_ name: String, in head: String) -> [String] {
        head.split(separator: "\r\n").dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":"),
                line[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == name.lowercased()
            else { return nil }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }

    var isChunked: Bool { header("transfer-encoding").contains { $0.lowercased().contains("chunked") } }
    var contentLength: Int? { header("content-length").first.flatMap { Int($0) } }

    /// Whether the body is complete by its framing (a response read until close never is).
    var isComplete: Bool {
        if isChunked { return Self.dechunk(rawBody) != nil }
        if let contentLength { return rawBody.count >= contentLength }
        return false
    }

    /// The body without framing: de-chunked, cut at Content-Length, or everything (read until close).
    var body: [UInt8]? {
        if isChunked { return Self.dechunk(rawBody)?.data }
        if let contentLength { return rawBody.count >= contentLength ? Array(rawBody.prefix(contentLength)) : nil }
        return rawBody
    }

    /// How many bytes of `rawBody` the framed body takes (for the next response on the connection).
    var framedBodyLength: Int? {
        if isChunked { return Self.dechunk(rawBody)?.length }
        return contentLength
    }

    /// Strict chunked decoding (RFC 9112 §7.1): the data and the framed length, or nil while incomplete or invalid.
    static func dechunk(_ bytes: [UInt8]) -> (data: [UInt8], length: Int)? {
        var data: [UInt8] = []
        var index = 0
        while true {
            guard let lineEnd = RawBytes.firstIndex(of: RawBytes.crlf, in: bytes, from: index) else { return nil }
            let line = String(decoding: bytes[index..<lineEnd], as: UTF8.self)
            let sizeText = line.prefix { $0.isHexDigit }
            guard !sizeText.isEmpty, let size = Int(sizeText, radix: 16) else { return nil }
            index = lineEnd + 2
            if size == 0 {
                // Trailers, then the blank line.
                while true {
                    guard let end = RawBytes.firstIndex(of: RawBytes.crlf, in: bytes, from: index) else { return nil }
                    let empty = end == index
                    index = end + 2
                    if empty { return (data, index) }
                }
            }
            guard bytes.count >= index + size + 2 else { return nil }
            data += bytes[index..<(index + size)]
            guard bytes[(index + size)..<(index + size + 2)].elementsEqual(RawBytes.crlf) else { return nil }
            index += size + 2
        }
    }
}

import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import TapedeckCore

/// What every connection handler of one proxy shares (immutable, so `Sendable`).
struct ProxyShared: Sendable {
    let connector: UpstreamConnector
    let redactor: HeaderRedactor
    let recorder: (any CaptureRecorder)?
    let idleTimeout: TimeAmount
    let tracker: ConnectionTracker
}

/// The client side of the glue: one per client connection, after NIOHTTP1's server handlers. It runs
/// one exchange at a time, forwarding request parts to an upstream connection on the same event loop
/// and writing the response body to the client in the same tick it arrives. A chunked body (every SSE stream)
/// is relayed as the upstream's own bytes, one write per upstream read, past NIOHTTP1's encoder (`UpstreamBodyTap`,
/// `ClientRawWriter`); other bodies are decoded and gathered into one write and flush per upstream read.
final class ProxyServerHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum Phase {
        /// Waiting for the upstream connection; request parts are queued meanwhile.
        case connecting
        /// Request and response parts flow.
        case forwarding
    }

    /// The state of the exchange in progress.
    private struct Exchange {
        var generation: Int
        var phase: Phase
        let startUptime: UInt64
        let requestVersion: HTTPVersion
        let method: HTTPMethod
        var keepAlive: Bool
        var queued: [HTTPClientRequestPart] = []
        var upstream: UpstreamHandler?
        var requestComplete = false
        var responseHeadSent = false
        var status: Int?
        var isEventStream = false
        var detector = StreamTerminationDetector()
        var recording: (any ExchangeRecording)?
        var lastActivity: NIODeadline
        var idleCheck: Scheduled<Void>?
    }

    private let shared: ProxyShared
    private let rawWriter: ClientRawWriter
    private var context: ChannelHandlerContext?
    private var exchange: Exchange?
    private var generation = 0
    private var pendingRead = false
    /// Response body bytes of the current upstream read not yet written to the client: one read often holds many
    /// events (each its own chunk from the HTTP decoder), and one write per read is far cheaper than one per part.
    private var pendingBody: ByteBuffer?
    /// Whether `pendingBody` is a buffer of ours (appendable) rather than the decoder's first part.
    private var pendingBodyIsOwned = false
    /// Close the client connection once the request being drained has ended.
    private var closeAfterRequest = false

    init(shared: ProxyShared, rawWriter: ClientRawWriter) {
        self.shared = shared
        self.rawWriter = rawWriter
    }

    /// Whether an exchange is running on this connection.
    var hasExchange: Bool { exchange != nil }

    /// Whether the client socket can take more response bytes now (upstream reads pause otherwise).
    var clientIsWritable: Bool { context?.channel.isWritable ?? false }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        shared.tracker.connectionOpened(context.channel)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    // MARK: - Client side

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            startExchange(head, context: context)
        case .body(let buffer):
            guard exchange != nil else { return }
            exchange?.recording?.requestBody(buffer)
            forwardRequestPart(.body(.byteBuffer(buffer)))
        case .end(let trailers):
            guard exchange != nil else {
                if closeAfterRequest { context.close(promise: nil) }
                return
            }
            exchange?.requestComplete = true
            exchange?.recording?.requestEnd()
            forwardRequestPart(.end(trailers))
        }
    }

    func read(context: ChannelHandlerContext) {
        if let exchange {
            let upstreamBlocked = exchange.phase == .connecting || !(exchange.upstream?.isWritable ?? true)
            if upstreamBlocked && !exchange.requestComplete {
                pendingRead = true
                return
            }
        }
        context.read()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { exchange?.upstream?.resumeReading() }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        shared.tracker.connectionClosed(context.channel)
        if let upstream = exchange?.upstream {
            upstream.detach()
            upstream.close()
        }
        finishExchange(.clientDisconnected, detail: "the client closed the connection")
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func resumeClientReading() {
        guard pendingRead, let context else { return }
        pendingRead = false
        context.read()
    }

    private func startExchange(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        generation += 1
        let generation = self.generation
        let now = NIODeadline.now()
        let target = shared.connector.target
        var keepAlive = head.isKeepAlive && !shared.tracker.isDraining
        if head.version.major == 1 && head.version.minor == 0 { keepAlive = false }

        var headers = HopByHopHeaders.removing(from: head.headers)
        headers.replaceOrAdd(name: "host", value: target.hostHeader)
        // The proxy streams every request body as it comes, so it answers `Expect: 100-continue` itself, at once:
        // NIOHTTP1's client decoder drops the upstream's 100, and the client would wait its timeout (curl: 1 s).
        let expectsContinue =
            head.version == .http1_1
            && head.headers["expect"].contains {
                $0.trimmingCharacters(in: .whitespaces).lowercased() == "100-continue"
            }
        if expectsContinue { headers.remove(name: "expect") }
        // Recordings must be readable, so the upstream is asked for an uncompressed body.
        headers.replaceOrAdd(name: "accept-encoding", value: "identity")
        if !headers.contains(name: "content-length"),
            head.headers["transfer-encoding"].contains(where: { $0.lowercased().contains("chunked") })
        {
            headers.replaceOrAdd(name: "transfer-encoding", value: "chunked")
        }
        let upstreamHead = HTTPRequestHead(
            version: .http1_1, method: head.method, uri: target.basePath + RequestTarget.originForm(head.uri),
            headers: headers)

        var recording: (any ExchangeRecording)?
        if let recorder = shared.recorder {
            let (path, query) = Self.splitURI(RequestTarget.originForm(head.uri))
            let fields = head.headers.map { HeaderField(name: $0.name, value: $0.value) }
            recording = recorder.beginExchange(
                ExchangeStart(
                    startedAtNanos: Self.wallClockNanos(), method: head.method.rawValue, path: path,
                    query: shared.redactor.redactQuery(query),
                    requestHeaders: shared.redactor.redact(fields)))
        }
        if expectsContinue {
            context.writeAndFlush(
                wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
        }
        shared.tracker.exchangeStarted()
        exchange = Exchange(
            generation: generation, phase: .connecting, startUptime: now.uptimeNanoseconds,
            requestVersion: head.version, method: head.method, keepAlive: keepAlive, queued: [.head(upstreamHead)],
            recording: recording, lastActivity: now)
        scheduleIdleCheck(after: shared.idleTimeout)

        let loop = context.eventLoop
        shared.connector.acquire(on: loop) { [self] result in
            loop.assertInEventLoop()
            guard let current = exchange, current.generation == generation else {
                // The exchange ended while connecting (client gone, timeout): give the connection back.
                if case .success(let upstream) = result { upstream.close() }
                return
            }
            switch result {
            case .success(let upstream):
                upstream.attach(self, reused: false)
                exchange?.upstream = upstream
                exchange?.phase = .forwarding
                for part in current.queued { upstream.write(part) }
                exchange?.queued = []
                upstream.flush()
                resumeClientReading()
            case .failure(let error):
                respondWithError(
                    message: "tapedeck: cannot connect to upstream \(target): \(Self.describe(error))",
                    ending: .upstreamUnreachable)
            }
        }
    }

    private func forwardRequestPart(_ part: HTTPClientRequestPart) {
        guard var current = exchange else { return }
        current.lastActivity = .now()
        if current.phase == .connecting {
            current.queued.append(part)
            exchange = current
            return
        }
        exchange = current
        guard let upstream = current.upstream else { return }
        upstream.write(part)
        upstream.flush()
    }

    // MARK: - Upstream side (called by UpstreamHandler on the same loop)

    /// The upstream's response head; returns whether its body may be relayed raw (`upstreamRelayedBody`) when
    /// `canRelay`: a chunked body that the client, an HTTP/1.1 one, receives chunked too.
    func upstreamResponseHead(_ head: HTTPResponseHead, canRelay: Bool) -> Bool {
        guard let context, var current = exchange else { return false }
        let now = NIODeadline.now()
        current.lastActivity = now
        current.status = Int(head.status.code)
        current.isEventStream =
            head.headers["content-type"].first?.lowercased().hasPrefix("text/event-stream") ?? false
        var headers = HopByHopHeaders.removing(from: head.headers)
        if !current.keepAlive || shared.tracker.isDraining {
            current.keepAlive = false
            headers.add(name: "connection", value: "close")
        }
        current.responseHeadSent = true
        exchange = current
        let clientHead = HTTPResponseHead(version: current.requestVersion, status: head.status, headers: headers)
        context.writeAndFlush(wrapOutboundOut(.head(clientHead)), promise: nil)
        current.recording?.responseHead(
            status: Int(head.status.code),
            headers: head.headers.map { HeaderField(name: $0.name, value: $0.value) },
            atNanos: Self.offset(now, since: current.startUptime))
        return canRelay && current.requestVersion == .http1_1 && current.method != .HEAD
            && current.method != .CONNECT && Self.mayHaveBody(head.status) && Self.isChunked(head.headers)
    }

    /// Bytes of a chunked response body exactly as the upstream sent them (`UpstreamBodyTap`): written to the
    /// client at once, framing and all; the data stretches (offset, length in `wire`) go to the recorder.
    func upstreamRelayedBody(_ wire: ByteBuffer, dataParts: [(offset: Int, length: Int)]) {
        guard exchange != nil else { return }
        let now = NIODeadline.now()
        flushResponseBody()
        rawWriter.writeAndFlush(wire)
        exchange?.lastActivity = now
        let isEventStream = exchange?.isEventStream == true
        let recording = exchange?.recording
        let atNanos = Self.offset(now, since: exchange?.startUptime ?? now.uptimeNanoseconds)
        for part in dataParts {
            guard let data = wire.getSlice(at: wire.readerIndex + part.offset, length: part.length) else { continue }
            if isEventStream { exchange?.detector.feed(data) }
            recording?.responseBody(data, atNanos: atNanos)
        }
    }

    func upstreamResponseBody(_ buffer: ByteBuffer) {
        guard let context, exchange != nil else { return }
        let now = NIODeadline.now()
        gatherResponseBody(buffer, allocator: context.channel.allocator)
        exchange?.lastActivity = now
        if exchange?.isEventStream == true { exchange?.detector.feed(buffer) }
        if let recording = exchange?.recording, let start = exchange?.startUptime {
            recording.responseBody(buffer, atNanos: Self.offset(now, since: start))
        }
    }

    /// The upstream read that delivered body parts is over: send them to the client in one write and flush.
    func upstreamReadComplete() {
        flushResponseBody()
    }

    /// Adds a body part to the bytes written at the end of this upstream read.
    private func gatherResponseBody(_ buffer: ByteBuffer, allocator: ByteBufferAllocator) {
        guard var gathered = pendingBody else {
            pendingBody = buffer
            pendingBodyIsOwned = false
            return
        }
        pendingBody = nil
        if !pendingBodyIsOwned {
            var owned = allocator.buffer(capacity: max(4096, 4 * (gathered.readableBytes + buffer.readableBytes)))
            owned.writeImmutableBuffer(gathered)
            gathered = owned
            pendingBodyIsOwned = true
        }
        gathered.writeImmutableBuffer(buffer)
        pendingBody = gathered
    }

    /// Writes and flushes the gathered body bytes (at the end of a read, and before anything else reaches the client).
    private func flushResponseBody() {
        guard let body = pendingBody, let context else { return }
        pendingBody = nil
        pendingBodyIsOwned = false
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
    }

    func upstreamResponseEnd(_ trailers: HTTPHeaders?) {
        flushResponseBody()
        guard let context, let current = exchange else { return }
        let isSuccess = (200..<300).contains(current.status ?? 0)
        if current.isEventStream && isSuccess && !current.detector.sawTerminalEvent {
            // The stream ended cleanly but without message_stop: break the client's body too, so the
            // SDK raises instead of returning a silent partial message.
            releaseUpstream()
            finishExchange(.upstreamFinished, detail: "the stream ended without message_stop")
            context.close(promise: nil)
            return
        }
        let keepAlive = current.keepAlive && current.requestComplete
        releaseUpstream()
        finishExchange(.upstreamFinished, detail: nil)
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(trailers)), promise: nil)
        } else if current.requestComplete {
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(trailers))).whenComplete { _ in
                channel.close(promise: nil)
            }
        } else {
            // The upstream answered before the request ended: drain the request, then close.
            context.writeAndFlush(wrapOutboundOut(.end(trailers)), promise: nil)
            closeAfterRequest = true
        }
    }

    func upstreamBecameWritable() {
        resumeClientReading()
    }

    /// The upstream connection failed or closed before its response ended.
    func upstreamFailed(_ error: (any Error)?) {
        flushResponseBody()
        guard let context, let current = exchange else { return }
        let target = shared.connector.target
        let reason = error.map(Self.describe) ?? "connection closed"
        if current.responseHeadSent {
            finishExchange(.upstreamClosed, detail: "upstream closed mid-response: \(reason)")
            context.close(promise: nil)
        } else if let error, Self.isUnreachable(error) {
            respondWithError(
                message: "tapedeck: cannot connect to upstream \(target): \(reason)", ending: .upstreamUnreachable)
        } else {
            respondWithError(
                message: "tapedeck: upstream \(target) closed the connection before responding: \(reason)",
                ending: .upstreamClosed)
        }
    }

    // MARK: - Ending

    private func respondWithError(message: String, ending: OutcomeClassifier.Ending) {
        guard let context, let current = exchange else { return }
        if let upstream = current.upstream {
            upstream.detach()
            upstream.close()
        }
        exchange?.upstream = nil
        finishExchange(ending, detail: message)
        let body = UpstreamErrorResponse.body(message: message, allocator: context.channel.allocator)
        let head = HTTPResponseHead(
            version: current.requestVersion, status: .badGateway,
            headers: UpstreamErrorResponse.headers(contentLength: body.readableBytes))
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        if current.requestComplete {
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        } else {
            // Closing with request bytes unread would reset the connection and could lose this answer:
            // read (and drop) the rest of the request first, then close.
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            closeAfterRequest = true
        }
    }

    private func releaseUpstream() {
        guard let context, let upstream = exchange?.upstream else { return }
        exchange?.upstream = nil
        shared.connector.release(upstream, on: context.eventLoop)
    }

    private func finishExchange(_ ending: OutcomeClassifier.Ending, detail: String?) {
        guard let current = exchange else { return }
        exchange = nil
        current.idleCheck?.cancel()
        shared.tracker.exchangeFinished()
        current.recording?.finish(
            ending, atNanos: Self.offset(.now(), since: current.startUptime), detail: detail)
        resumeClientReading()
    }

    /// Ends the running exchange because the proxy is shutting down (grace period over).
    func abortForShutdown() {
        flushResponseBody()
        guard let context, exchange != nil else { return }
        if let upstream = exchange?.upstream {
            upstream.detach()
            upstream.close()
        }
        finishExchange(.proxyShutdown, detail: "the proxy shut down before the exchange ended")
        context.close(promise: nil)
    }

    private func scheduleIdleCheck(after delay: TimeAmount) {
        guard let context, let generation = exchange?.generation else { return }
        let task = context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
            checkIdle(generation: generation)
        }
        exchange?.idleCheck = task
    }

    private func checkIdle(generation: Int) {
        guard let context, let current = exchange, current.generation == generation else { return }
        let idleFor = NIODeadline.now() - current.lastActivity
        if idleFor < shared.idleTimeout {
            scheduleIdleCheck(after: shared.idleTimeout - idleFor)
            return
        }
        flushResponseBody()
        if let upstream = current.upstream {
            upstream.detach()
            upstream.close()
        }
        exchange?.upstream = nil
        let seconds = Double(shared.idleTimeout.nanoseconds) / 1e9
        finishExchange(.idleTimeout, detail: "no bytes for \(seconds) s (idle timeout)")
        context.close(promise: nil)
    }

    // MARK: - Helpers

    private static func offset(_ time: NIODeadline, since start: UInt64) -> Int64 {
        Int64(truncatingIfNeeded: time.uptimeNanoseconds &- start)
    }

    private static func wallClockNanos() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1e9)
    }

    /// Whether the last transfer coding is chunked (RFC 9112 §6.1) and no Content-Length competes with it.
    static func isChunked(_ headers: HTTPHeaders) -> Bool {
        guard !headers.contains(name: "content-length") else { return false }
        let codings = headers["transfer-encoding"].flatMap { $0.split(separator: ",") }
        guard let last = codings.last else { return false }
        return last.trimmingCharacters(in: .whitespaces).lowercased() == "chunked"
    }

    /// Responses that never carry a body (RFC 9110 §6.4.1).
    private static func mayHaveBody(_ status: HTTPResponseStatus) -> Bool {
        let code = status.code
        return !((100..<200).contains(code) || code == 204 || code == 304)
    }

    static func splitURI(_ uri: String) -> (path: String, query: String?) {
        guard let mark = uri.firstIndex(of: "?") else { return (uri, nil) }
        return (String(uri[..<mark]), String(uri[uri.index(after: mark)...]))
    }

    private static func describe(_ error: any Error) -> String {
        NetworkErrorText.phrase(error)
    }

    /// Connect and TLS failures mean the upstream was never reached.
    private static func isUnreachable(_ error: any Error) -> Bool {
        let name = String(reflecting: type(of: error))
        return name.contains("NIOSSL") || name.contains("BoringSSL") || error is NIOConnectionError
            || error is ChannelError
    }
}

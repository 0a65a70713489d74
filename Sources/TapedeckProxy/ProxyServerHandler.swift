import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import TapedeckCore

/// What every connection handler of one proxy shares (immutable, so `Sendable`).
struct ProxyShared: Sendable {
    let upstreams: any UpstreamSource
    let redactor: HeaderRedactor
    let recorder: (any CaptureRecorder)?
    let idleTimeout: TimeAmount
    let tracker: ConnectionTracker
}

/// The client side of the glue: one per client connection, after NIOHTTP1's server handlers. A thin adapter around
/// `ExchangeStateMachine`: every input goes to the machine and the handler performs the action it returns; `end(_:)`
/// is the one place an exchange ends. Request parts go to an upstream connection on the same event loop and the
/// response body is written to the client in the same tick it arrives. A chunked body (every SSE stream) is relayed
/// as the upstream's own bytes, one write per upstream read, past NIOHTTP1's encoder (`UpstreamBodyTap`,
/// `ClientRawWriter`); other bodies are decoded and gathered into one write and flush per upstream read.
final class ProxyServerHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// What the adapter keeps about the running exchange besides its protocol state (which is the machine's).
    private struct Exchange {
        let generation: Int
        let startUptime: UInt64
        let requestVersion: HTTPVersion
        let method: HTTPMethod
        /// Request parts for the upstream: queued while connecting, and kept until the head is on the wire of a
        /// reused connection (so a retry on a fresh one can send them again).
        var requestParts: [HTTPClientRequestPart] = []
        var upstream: UpstreamHandler?
        var status: Int?
        var isEventStream = false
        var detector = StreamTerminationDetector()
        /// Decodes a body the upstream compressed anyway, for the end check and the recorder (the client gets it
        /// as sent); nil for an identity body, and after bytes that did not decode.
        var decoder: ResponseBodyDecoder?
        /// A compressed body stopped decoding (or ended inside its encoding): its end cannot be checked for
        /// `message_stop`.
        var undecodable = false
        /// What the recording lost since the body stopped decoding (the client still gets every byte).
        var decodeLoss: RecordingLoss?
        let recording: (any ExchangeRecording)?
    }

    private let shared: ProxyShared
    private let rawWriter: ClientRawWriter
    private let headTimeout: RequestHeadTimeout?
    private var context: ChannelHandlerContext?
    private var machine = ExchangeStateMachine()
    private var exchange: Exchange?
    private var generation = 0
    private var pendingRead = false
    /// Response body bytes of the current upstream read not yet written to the client: one read often holds many
    /// events (each its own chunk from the HTTP decoder), and one write per read is far cheaper than one per part.
    private var pendingBody: ByteBuffer?
    /// Whether `pendingBody` is a buffer of ours (appendable) rather than the decoder's first part.
    private var pendingBodyIsOwned = false
    /// When bytes last moved on this connection (either side); the idle timer runs from accept to close.
    private var lastActivity = NIODeadline.uptimeNanoseconds(0)
    private var idleCheck: Scheduled<Void>?

    init(shared: ProxyShared, rawWriter: ClientRawWriter, headTimeout: RequestHeadTimeout?) {
        self.shared = shared
        self.rawWriter = rawWriter
        self.headTimeout = headTimeout
    }

    /// Whether an exchange is running on this connection.
    var hasExchange: Bool { machine.hasExchange }

    /// The machine's state, for tests.
    var connectionState: ExchangeStateMachine.State { machine.state }

    /// Whether the client socket can take more response bytes now (upstream reads pause otherwise).
    var clientIsWritable: Bool { context?.channel.isWritable ?? false }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        lastActivity = context.eventLoop.now
        scheduleIdleCheck(after: shared.idleTimeout, context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleCheck?.cancel()
        idleCheck = nil
        self.context = nil
    }

    // MARK: - Client side

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastActivity = context.eventLoop.now
        switch unwrapInboundIn(data) {
        case .head(let head):
            headTimeout?.headArrived()
            let keepAlive = head.isKeepAlive && head.version != .http1_0 && !shared.tracker.isDraining
            perform(machine.requestHead(keepAlive: keepAlive), request: .head(head), context: context)
        case .body(let buffer):
            perform(machine.requestBody(), request: .body(buffer), context: context)
        case .end(let trailers):
            perform(machine.requestEnd(), request: .end(trailers), context: context)
        }
    }

    func read(context: ChannelHandlerContext) {
        if case .connecting(let request) = machine.state, !request.isComplete {
            pendingRead = true
            return
        }
        if case .forwarding(let request, _) = machine.state, !request.isComplete,
            !(exchange?.upstream?.isWritable ?? true)
        {
            pendingRead = true
            return
        }
        context.read()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { exchange?.upstream?.resumeReading() }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        perform(machine.clientClosed(), context: context)
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

    // MARK: - Actions

    /// Performs `action`; `request` is the client part that caused it, if any.
    private func perform(
        _ action: ExchangeStateMachine.Action, request: HTTPServerRequestPart? = nil,
        context: ChannelHandlerContext
    ) {
        switch action {
        case .none, .drop:
            break
        case .startExchange:
            guard case .head(let head) = request else { return }
            startExchange(head, context: context)
        case .queueForUpstream:
            if let part = request.flatMap(upstreamPart) { exchange?.requestParts.append(part) }
        case .forwardToUpstream:
            guard let part = request.flatMap(upstreamPart), let upstream = exchange?.upstream else { return }
            if !upstream.requestSent { exchange?.requestParts.append(part) }
            upstream.write(part)
            upstream.flush()
        case .end(let ending):
            end(ending, context: context)
        case .close:
            context.close(promise: nil)
        case .refuse:
            // A peer broke HTTP's order (or a bug here): the connection cannot be trusted. Closing it ends a running
            // exchange through `clientClosed`, so its recording is finished too.
            context.close(promise: nil)
        case .sendQueuedRequest, .discardUpstream, .retryOnFreshConnection, .writeResponseHead, .forwardToClient:
            // Answers to upstream inputs: performed where those inputs arrive.
            assertionFailure("\(action) in answer to a client input")
        }
    }

    /// The request part as the upstream gets it, handed to the recorder on the way (`.head` is built by
    /// `startExchange`).
    private func upstreamPart(_ part: HTTPServerRequestPart) -> HTTPClientRequestPart? {
        switch part {
        case .head:
            return nil
        case .body(let buffer):
            exchange?.recording?.requestBody(buffer)
            return .body(.byteBuffer(buffer))
        case .end(let trailers):
            exchange?.recording?.requestEnd()
            return .end(trailers)
        }
    }

    private func startExchange(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        generation += 1
        let target = shared.upstreams.target
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
            generation: generation, startUptime: NIODeadline.now().uptimeNanoseconds,
            requestVersion: head.version, method: head.method, requestParts: [.head(upstreamHead)],
            recording: recording)
        acquireUpstream(context: context)
    }

    /// Asks for an upstream connection for the running exchange.
    private func acquireUpstream(context: ChannelHandlerContext) {
        let loop = context.eventLoop
        let generation = self.generation
        shared.upstreams.acquire(on: loop) { [self] result in
            loop.assertInEventLoop()
            guard let context = self.context, exchange?.generation == generation else {
                // The exchange ended while connecting (client gone, timeout): give the connection back.
                if case .success(let acquired) = result { acquired.handler.close() }
                return
            }
            switch result {
            case .success(let acquired):
                switch machine.upstreamConnected(reused: acquired.reused) {
                case .sendQueuedRequest:
                    let upstream = acquired.handler
                    upstream.attach(self)
                    exchange?.upstream = upstream
                    for part in exchange?.requestParts ?? [] { upstream.write(part) }
                    upstream.flush()
                    // Only a reused connection's failure is retried; a fresh one needs no copy of the request.
                    if !acquired.reused { exchange?.requestParts = [] }
                    resumeClientReading()
                default:
                    acquired.handler.close()
                }
            case .failure(let error):
                let message = "tapedeck: cannot connect to upstream \(shared.upstreams.target): \(Self.describe(error))"
                perform(machine.upstreamConnectFailed(message: message), context: context)
            }
        }
    }

    // MARK: - Upstream side (called by UpstreamHandler on the same loop)

    /// The upstream's response head; returns whether its body may be relayed raw (`upstreamRelayedBody`) when
    /// `canRelay`: a chunked body that the client, an HTTP/1.1 one, receives chunked too.
    func upstreamResponseHead(_ head: HTTPResponseHead, canRelay: Bool) -> Bool {
        guard let context, exchange != nil else { return false }
        lastActivity = context.eventLoop.now
        // Shutdown began (ServerQuiescingHelper's event is consumed by NIOHTTP1's pipeline handler, which closes
        // the connection after this response): the head says so with `connection: close`.
        if shared.tracker.isDraining { _ = machine.quiesce() }
        let action = machine.upstreamResponseHead()
        guard case .writeResponseHead(let closeAfter) = action, var current = exchange else {
            perform(action, context: context)
            return false
        }
        current.requestParts = []
        current.status = Int(head.status.code)
        current.isEventStream =
            head.headers["content-type"].first?.lowercased().hasPrefix("text/event-stream") ?? false
        current.decoder = current.method == .HEAD ? nil : ResponseBodyDecoder(head: head)
        exchange = current
        var headers = HopByHopHeaders.removing(from: head.headers)
        if closeAfter { headers.add(name: "connection", value: "close") }
        let clientHead = HTTPResponseHead(version: current.requestVersion, status: head.status, headers: headers)
        context.writeAndFlush(wrapOutboundOut(.head(clientHead)), promise: nil)
        current.recording?.responseHead(
            status: Int(head.status.code), headers: Self.recordedHeaders(head.headers, decoder: current.decoder),
            atNanos: Self.offset(.now(), since: current.startUptime))
        return canRelay && current.requestVersion == .http1_1 && current.method != .HEAD
            && current.method != .CONNECT && Self.mayHaveBody(head.status) && Self.isChunked(head.headers)
    }

    /// Bytes of a chunked response body exactly as the upstream sent them (`UpstreamBodyTap`): written to the
    /// client at once, framing and all; the data stretches (offset, length in `wire`) go to the recorder.
    func upstreamRelayedBody(_ wire: ByteBuffer, dataParts: [(offset: Int, length: Int)]) {
        guard let atNanos = forwardingExchange()?.atNanos else { return }
        flushResponseBody()
        rawWriter.writeAndFlush(wire)
        for part in dataParts {
            guard let data = wire.getSlice(at: wire.readerIndex + part.offset, length: part.length) else { continue }
            observeResponseBody(data, atNanos: atNanos)
        }
    }

    /// A decoded part of a response body (not relayed raw): gathered and written at the end of the read.
    func upstreamResponseBody(_ buffer: ByteBuffer) {
        guard let (context, atNanos) = forwardingExchange() else { return }
        gatherResponseBody(buffer, allocator: context.channel.allocator)
        observeResponseBody(buffer, atNanos: atNanos)
    }

    /// A response body part arrived: when the machine lets it go to the client, returns the context and the
    /// part's arrival offset; otherwise performs the machine's action and returns nil.
    private func forwardingExchange() -> (context: ChannelHandlerContext, atNanos: Int64)? {
        guard let context else { return nil }
        let action = machine.upstreamResponseBody()
        guard action == .forwardToClient, let startUptime = exchange?.startUptime else {
            perform(action, context: context)
            return nil
        }
        lastActivity = context.eventLoop.now
        return (context, Self.offset(.now(), since: startUptime))
    }

    /// Body bytes the client has (or is about to have): decoded first when the upstream compressed them, then
    /// delivered; once they stop decoding, counted as the recording's loss instead.
    private func observeResponseBody(_ data: ByteBuffer, atNanos: Int64) {
        guard exchange?.decodeLoss == nil else {
            exchange?.decodeLoss?.bytes += data.readableBytes
            return
        }
        guard let decoder = exchange?.decoder else {
            if exchange?.undecodable == false { deliver(data, atNanos: atNanos) }
            return
        }
        do {
            try decoder.decode(data) { deliver($0, atNanos: atNanos) }
        } catch {
            // What the stretch decoded before its bad byte is recorded; from it on, the bytes reach the client but
            // not the recording, and are counted (the failing stretch whole, as it cannot be split further).
            exchange?.decoder = nil
            exchange?.undecodable = true
            let events = exchange?.isEventStream == true ? 1 : 0
            exchange?.decodeLoss = RecordingLoss(
                cause: .undecodable(encoding: decoder.encoding), bytes: data.readableBytes, events: events)
        }
    }

    /// A compressed body ended. One that ends inside its encoding (no gzip trailer) lost nothing the decoder
    /// could give (zlib hands on every byte it can decode at once), but its end cannot be checked.
    private func finishDecoding() {
        guard let decoder = exchange?.decoder else { return }
        exchange?.decoder = nil
        do {
            try decoder.finish()
        } catch {
            exchange?.undecodable = true
        }
    }

    /// Decoded body bytes to the stream's end check, then to the recorder.
    private func deliver(_ data: ByteBuffer, atNanos: Int64) {
        if exchange?.isEventStream == true { exchange?.detector.feed(data) }
        exchange?.recording?.responseBody(data, atNanos: atNanos)
    }

    /// The upstream read that delivered body parts is over: send them to the client in one write and flush.
    func upstreamReadComplete() {
        flushResponseBody()
    }

    func upstreamResponseEnd(_ trailers: HTTPHeaders?) {
        finishDecoding()
        guard let context, let current = exchange else { return }
        let isSuccess = (200..<300).contains(current.status ?? 0)
        let truncated =
            current.isEventStream && isSuccess && !current.undecodable && !current.detector.sawTerminalEvent
        perform(machine.upstreamResponseEnd(truncatedStream: truncated), trailers: trailers, context: context)
    }

    func upstreamBecameWritable() {
        resumeClientReading()
    }

    /// The upstream connection failed or closed before its response ended; `requestSent` whether the request head
    /// reached its socket.
    func upstreamFailed(_ error: (any Error)?, requestSent: Bool) {
        guard let context, exchange != nil else { return }
        let action = machine.upstreamFailed(
            reason: error.map(Self.describe) ?? "connection closed",
            unreachable: error.map(Self.isUnreachable) ?? false,
            requestSent: requestSent, target: "\(shared.upstreams.target)")
        if case .retryOnFreshConnection = action {
            exchange?.upstream = nil
            acquireUpstream(context: context)
            return
        }
        perform(action, context: context)
    }

    /// Performs an action that answers an upstream input (the response's end carries its trailers).
    private func perform(
        _ action: ExchangeStateMachine.Action, trailers: HTTPHeaders?, context: ChannelHandlerContext
    ) {
        if case .end(let ending) = action {
            end(ending, trailers: trailers, context: context)
        } else {
            perform(action, context: context)
        }
    }

    // MARK: - Ending

    /// The one way an exchange ends: flush what the client is owed, let go of the upstream, finish the recording,
    /// then answer or close the client as the machine decided.
    private func end(
        _ ending: ExchangeStateMachine.Ending, trailers: HTTPHeaders? = nil, context: ChannelHandlerContext
    ) {
        flushResponseBody()
        guard let current = exchange else { return }
        exchange = nil
        if let upstream = current.upstream {
            switch ending.upstream {
            case .release:
                shared.upstreams.release(upstream, on: context.eventLoop)
            case .close:
                upstream.detach()
                upstream.close()
            }
        }
        shared.tracker.exchangeFinished()
        current.recording?.finish(
            ending.ending, atNanos: Self.offset(.now(), since: current.startUptime), detail: ending.detail,
            losses: current.decodeLoss.map { [$0] } ?? [])

        let channel = context.channel
        switch ending.client {
        case .writeEndKeepAlive:
            // Before the write: writing the end can hand a pipelined next head to `channelRead` at once.
            headTimeout?.awaitNextHead()
            context.writeAndFlush(wrapOutboundOut(.end(trailers)), promise: nil)
        case .writeEndThenClose:
            context.writeAndFlush(wrapOutboundOut(.end(trailers))).whenComplete { _ in channel.close(promise: nil) }
        case .writeEndThenDrainRequest:
            context.writeAndFlush(wrapOutboundOut(.end(trailers)), promise: nil)
        case .badGateway(let message, let drainRequest):
            let body = UpstreamErrorResponse.body(message: message, allocator: channel.allocator)
            let head = HTTPResponseHead(
                version: current.requestVersion, status: .badGateway,
                headers: UpstreamErrorResponse.headers(contentLength: body.readableBytes))
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            if drainRequest {
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            } else {
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
            }
        case .close:
            context.close(promise: nil)
        case .nothing:
            break
        }
        resumeClientReading()
    }

    /// Ends the running exchange because the proxy is shutting down (grace period over).
    func abortForShutdown() {
        guard let context else { return }
        perform(machine.shutdownNow(), context: context)
    }

    // MARK: - Response body gathering

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

    // MARK: - Idle timeout

    private func scheduleIdleCheck(after delay: TimeAmount, context: ChannelHandlerContext) {
        idleCheck = context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
            checkIdle()
        }
    }

    /// The idle timer runs from accept to close, so a silent connection is reaped as surely as a stalled stream.
    private func checkIdle() {
        guard let context else { return }
        let idleFor = context.eventLoop.now - lastActivity
        if idleFor < shared.idleTimeout {
            scheduleIdleCheck(after: shared.idleTimeout - idleFor, context: context)
            return
        }
        idleCheck = nil
        let seconds = Double(shared.idleTimeout.nanoseconds) / 1e9
        perform(machine.timedOut(detail: "no bytes for \(seconds) s (idle timeout)"), context: context)
    }

    // MARK: - Helpers

    private static func offset(_ time: NIODeadline, since start: UInt64) -> Int64 {
        Int64(truncatingIfNeeded: time.uptimeNanoseconds &- start)
    }

    private static func wallClockNanos() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1e9)
    }

    /// The response headers as recorded: a body recorded decoded loses its `content-encoding`, renamed to
    /// `x-tapedeck-decoded-content-encoding` so the recording says what the upstream sent and stays replayable.
    private static func recordedHeaders(_ headers: HTTPHeaders, decoder: ResponseBodyDecoder?) -> [HeaderField] {
        headers.map { field in
            if decoder != nil && field.name.lowercased() == "content-encoding" {
                return HeaderField(name: "x-tapedeck-decoded-content-encoding", value: field.value)
            }
            return HeaderField(name: field.name, value: field.value)
        }
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
    static func isUnreachable(_ error: any Error) -> Bool {
        NetworkErrorText.isTLSError(error) || error is NIOConnectionError || error is ChannelError
    }
}

import NIOCore
import NIOHTTP1

/// The upstream side of the glue: the last handler of a pooled HTTP/1.1 client channel. It passes
/// response parts to the exchange it is attached to and only reads while the client can take bytes.
final class UpstreamHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    /// The exchange currently using this connection; nil while the connection idles in the pool.
    private(set) var exchange: ProxyServerHandler?
    private var context: ChannelHandlerContext?
    private var pendingRead = false
    /// Whether the whole request, `.end` included, was written on this connection.
    private(set) var requestComplete = false
    /// Whether the request head reached the socket (its write succeeded): until then nothing of the request was
    /// sent, so a failure may be retried on another connection.
    private(set) var requestSent = false
    /// Whether the response ended with `.end` (HTTP framing complete).
    private(set) var responseComplete = false
    /// Whether the upstream allows another request on this connection.
    private(set) var responseKeepAlive = true
    /// The handler before the response decoder that relays a chunked body raw.
    private let tap: UpstreamBodyTap

    init(tap: UpstreamBodyTap) {
        self.tap = tap
    }

    /// Whether the upstream socket can take more request bytes now.
    var isWritable: Bool { context?.channel.isWritable ?? false }

    /// Whether the connection can serve another exchange.
    var isReusable: Bool {
        requestComplete && responseComplete && responseKeepAlive && (context?.channel.isActive ?? false)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Binds the connection to an exchange for one request/response.
    func attach(_ exchange: ProxyServerHandler) {
        self.exchange = exchange
        requestComplete = false
        requestSent = false
        responseComplete = false
        responseKeepAlive = true
    }

    /// Unbinds the connection (after the exchange ended, before pooling or closing).
    func detach() {
        exchange = nil
        tap.responseEnded()
        resumeReading()
    }

    /// Writes one request part without flushing.
    func write(_ part: HTTPClientRequestPart) {
        guard let context else { return }
        switch part {
        case .head:
            let promise = context.eventLoop.makePromise(of: Void.self)
            promise.futureResult.assumeIsolated().whenSuccess { [self] in requestSent = true }
            context.write(wrapOutboundOut(part), promise: promise)
        case .end:
            requestComplete = true
            context.write(wrapOutboundOut(part), promise: nil)
        case .body:
            context.write(wrapOutboundOut(part), promise: nil)
        }
    }

    /// Flushes written request parts to the socket.
    func flush() {
        context?.flush()
    }

    /// Closes the connection (it is never pooled afterwards).
    func close() {
        responseKeepAlive = false
        context?.close(promise: nil)
    }

    /// Lets a read held back by back-pressure go through now that the client can take bytes.
    func resumeReading() {
        guard pendingRead, let context else { return }
        pendingRead = false
        context.read()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        guard let exchange else {
            // Bytes on an idle pooled connection: the protocol is out of step, so drop the connection.
            close()
            return
        }
        switch part {
        case .head(let head):
            responseKeepAlive = head.isKeepAlive
            let code = head.status.code
            let informational = (100..<200).contains(code) && code != 101
            if informational {
                // NIOHTTP1's client decoder passes interim responses on; the proxy answers 100-continue itself.
                return
            }
            let relay = exchange.upstreamResponseHead(head, canRelay: tap.isAtHeadBoundary)
            tap.bodyBegins(relayTo: relay ? exchange : nil)
        case .body(let buffer):
            exchange.upstreamResponseBody(buffer)
        case .end(let trailers):
            responseComplete = true
            tap.responseEnded()
            exchange.upstreamResponseEnd(trailers)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        exchange?.upstreamReadComplete()
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        if let exchange, !exchange.clientIsWritable {
            pendingRead = true
        } else {
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { exchange?.upstreamBecameWritable() }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failExchange(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failExchange(nil)
        context.fireChannelInactive()
    }

    /// Tells the attached exchange (once) that the connection failed before its response ended.
    private func failExchange(_ error: (any Error)?) {
        responseKeepAlive = false
        let exchange = self.exchange
        self.exchange = nil
        exchange?.upstreamFailed(error, requestSent: requestSent)
    }
}

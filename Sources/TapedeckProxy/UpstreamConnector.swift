import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Opens HTTP/1.1 connections to the one configured upstream on the caller's event loop and keeps
/// idle ones per loop for keep-alive reuse, so an exchange's two sockets share one thread.
final class UpstreamConnector: UpstreamSource {
    /// The upstream every connection goes to.
    let target: UpstreamTarget
    private let sslContext: NIOSSLContext?
    private let pools: [ObjectIdentifier: UpstreamPool]
    private let connectTimeout: TimeAmount

    /// Creates a connector with one pool per loop of `group`; builds the TLS context for https.
    init(target: UpstreamTarget, group: MultiThreadedEventLoopGroup, connectTimeout: TimeAmount = .seconds(10))
        throws
    {
        self.target = target
        self.connectTimeout = connectTimeout
        if target.usesTLS {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.applicationProtocols = ["http/1.1"]
            sslContext = try NIOSSLContext(configuration: tls)
        } else {
            sslContext = nil
        }
        var pools: [ObjectIdentifier: UpstreamPool] = [:]
        for loop in group.makeIterator() {
            pools[ObjectIdentifier(loop)] = UpstreamPool(eventLoop: loop)
        }
        self.pools = pools
    }

    /// Hands `completion` an upstream connection on `loop` (pooled or new); runs on `loop`.
    func acquire(on loop: any EventLoop, _ completion: @escaping (Result<AcquiredUpstream, any Error>) -> Void) {
        loop.assertInEventLoop()
        let pool = pools[ObjectIdentifier(loop)]
        if let pooled = pool?.take() {
            completion(.success(AcquiredUpstream(handler: pooled, reused: true)))
            return
        }
        let target = self.target
        let sslContext = self.sslContext
        ClientBootstrap(group: loop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let sslContext {
                        let sniName =
                            target.host.first?.isNumber == true || target.host.contains(":") ? nil : target.host
                        try sync.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: sniName))
                    }
                    let tap = UpstreamBodyTap()
                    try sync.addHandler(tap)
                    try sync.addHTTPClientHandlers()
                    try sync.addHandler(UpstreamHandler(tap: tap))
                }
            }
            .connect(host: target.host, port: target.port)
            .assumeIsolated()
            .whenComplete { result in
                completion(
                    result.flatMap { channel in
                        Result {
                            AcquiredUpstream(
                                handler: try channel.pipeline.syncOperations.handler(type: UpstreamHandler.self),
                                reused: false)
                        }
                    })
            }
    }

    /// Returns a connection after an exchange: kept when reusable, closed otherwise.
    func release(_ handler: UpstreamHandler, on loop: any EventLoop) {
        handler.detach()
        if handler.isReusable, let pool = pools[ObjectIdentifier(loop)] {
            pool.put(handler)
        } else {
            handler.close()
        }
    }

    /// Closes every idle connection (shutdown).
    func closeIdle() {
        for pool in pools.values {
            pool.eventLoop.execute { pool.closeAll() }
        }
    }
}

/// Idle upstream connections of one event loop. The connector (shared by every loop) holds one pool per loop;
/// the list is a `NIOLoopBoundBox`, so touching it off its loop traps instead of racing.
final class UpstreamPool: Sendable {
    /// The loop that owns this pool.
    let eventLoop: any EventLoop
    private let idle: NIOLoopBoundBox<[UpstreamHandler]>
    private static let maxIdle = 16

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
        idle = .makeBoxSendingValue([], eventLoop: eventLoop)
    }

    func take() -> UpstreamHandler? {
        while let handler = idle.value.popLast() {
            if handler.isReusable { return handler }
            handler.close()
        }
        return nil
    }

    func put(_ handler: UpstreamHandler) {
        guard idle.value.count < Self.maxIdle else {
            handler.close()
            return
        }
        idle.value.append(handler)
    }

    func closeAll() {
        for handler in idle.value { handler.close() }
        idle.value.removeAll()
    }
}

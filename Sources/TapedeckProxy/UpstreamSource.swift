import NIOCore

/// Where `ProxyServerHandler` gets its upstream connections: `UpstreamConnector` (sockets, a pool per loop) in the
/// proxy, a pipeline on an `EmbeddedChannel` in the handler tests, which run without sockets.
protocol UpstreamSource: Sendable {
    /// The upstream every connection goes to (named in error answers).
    var target: UpstreamTarget { get }
    /// Hands `completion` a connection on `loop` and whether it came from the pool; runs on `loop`.
    func acquire(on loop: any EventLoop, _ completion: @escaping (Result<AcquiredUpstream, any Error>) -> Void)
    /// Returns a connection after an exchange: kept when reusable, closed otherwise.
    func release(_ handler: UpstreamHandler, on loop: any EventLoop)
}

/// An upstream connection handed to an exchange.
struct AcquiredUpstream {
    /// The connection's last handler, which the exchange attaches to.
    let handler: UpstreamHandler
    /// Whether it served an exchange before (taken from the pool): the upstream may have closed it meanwhile.
    let reused: Bool
}

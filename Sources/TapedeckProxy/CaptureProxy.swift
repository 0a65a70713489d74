import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOPosix

/// The capture proxy: an HTTP/1.1 server that forwards every request to the one configured upstream
/// and hands each exchange to a recorder off the event loop. Start it, read `port`, shut it down.
public final class CaptureProxy: Sendable {
    /// The configuration it was started with.
    public let configuration: ProxyConfiguration
    private let group: MultiThreadedEventLoopGroup
    private let connector: UpstreamConnector
    private let tracker: ConnectionTracker
    private let serverChannel: any Channel
    /// Released as soon as shutdown starts: its deinit completes a promise on the group, so it must go before the
    /// group does (else NIO reports scheduling on a loop that has shut down).
    private let quiescing: NIOLockedValueBox<ServerQuiescingHelper?>

    /// The port it listens on (the bound one when the configuration asked for 0).
    public var port: Int { serverChannel.localAddress?.port ?? configuration.listenPort }

    /// The address it listens on, e.g. "127.0.0.1:8787".
    public var listenAddress: String {
        let host = configuration.listenHost.contains(":") ? "[\(configuration.listenHost)]" : configuration.listenHost
        return "\(host):\(port)"
    }

    private init(
        configuration: ProxyConfiguration, group: MultiThreadedEventLoopGroup, connector: UpstreamConnector,
        serverChannel: any Channel, tracker: ConnectionTracker, quiescing: ServerQuiescingHelper
    ) {
        self.quiescing = NIOLockedValueBox(quiescing)
        self.configuration = configuration
        self.group = group
        self.connector = connector
        self.serverChannel = serverChannel
        self.tracker = tracker
    }

    /// Binds and starts accepting; throws `ProxyError` when the address is refused or cannot be bound.
    public static func start(_ configuration: ProxyConfiguration) async throws -> CaptureProxy {
        if !configuration.allowRemote && !ProxyConfiguration.isLoopback(configuration.listenHost) {
            throw ProxyError.remoteListenNotAllowed(configuration.listenHost)
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: configuration.threads)
        do {
            let connector = try UpstreamConnector(target: configuration.upstream, group: group)
            let tracker = ConnectionTracker(maxConnections: configuration.maxConnections)
            let shared = ProxyShared(
                upstreams: connector, redactor: configuration.redactor, recorder: configuration.recorder,
                idleTimeout: configuration.idleTimeout, tracker: tracker)
            let headerTimeout = min(configuration.headerTimeout, configuration.idleTimeout)
            let notice = configuration.onNotice ?? { FileHandle.standardError.write(Data("tapedeck: \($0)\n".utf8)) }
            let quiescing = ServerQuiescingHelper(group: group)
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            quiescing.makeServerChannelHandler(channel: channel))
                    }
                }
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelOption(.maxMessagesPerRead, value: 16)
                .childChannelInitializer { channel in
                    let (admitted, refusal) = tracker.admit(channel)
                    guard admitted else {
                        if let refusal { notice(refusal) }
                        return channel.close()
                    }
                    channel.closeFuture.whenComplete { _ in tracker.connectionClosed(channel) }
                    return channel.eventLoop.makeCompletedFuture {
                        try ProxyServerHandler.addHandlers(to: channel, shared: shared, headerTimeout: headerTimeout)
                    }
                }
                .bind(host: configuration.listenHost, port: configuration.listenPort)
                .get()
            return CaptureProxy(
                configuration: configuration, group: group, connector: connector, serverChannel: channel,
                tracker: tracker, quiescing: quiescing)
        } catch {
            try? await group.shutdownGracefully()
            let address = "\(configuration.listenHost):\(configuration.listenPort)"
            if NetworkErrorText.errnoCode(of: error) == EADDRINUSE {
                throw ProxyError.cannotListen(
                    address: address,
                    reason:
                        "port \(configuration.listenPort) is in use; pass --listen \(configuration.listenHost):0 for a free one"
                )
            }
            throw ProxyError.cannotListen(address: address, reason: NetworkErrorText.phrase(error))
        }
    }

    /// Exchanges currently running.
    public var activeExchanges: Int { tracker.activeExchanges }

    /// Stops accepting, lets running exchanges finish for `grace` (default: the configured grace),
    /// then cuts what is left (recorded as interrupted) and stops the event loops.
    public func shutdown(grace: TimeAmount? = nil) async {
        guard tracker.startDraining() else { return }
        let grace = grace ?? configuration.grace
        // The helper closes the listening socket and tells every connection to quiesce: an idle one closes at
        // once, a running exchange finishes and then closes. Its promise completes when the last one has closed.
        let allClosed = group.next().makePromise(of: Void.self)
        if let helper = quiescing.withLockedValue({ helper in
            defer { helper = nil }
            return helper
        }) {
            helper.initiateShutdown(promise: allClosed)
        } else {
            allClosed.succeed()
        }
        await withTaskGroup(of: Bool.self) { tasks in
            tasks.addTask {
                try? await allClosed.futureResult.get()
                return true
            }
            tasks.addTask {
                try? await Task.sleep(nanoseconds: UInt64(max(0, grace.nanoseconds)))
                return false
            }
            let first = await tasks.next() ?? true
            if !first { await self.abortConnections() }
            tasks.cancelAll()
            for await _ in tasks {}
        }
        connector.closeIdle()
        try? await group.shutdownGracefully()
    }

    /// Cuts every connection still open (running exchanges are recorded as interrupted) and waits until every loop
    /// has done so, so no exchange is cut later by the loops' own shutdown.
    private func abortConnections() async {
        var done: [EventLoopFuture<Void>] = []
        for channel in tracker.openChannels {
            done.append(
                channel.eventLoop.submit {
                    guard let handler = try? channel.pipeline.syncOperations.handler(type: ProxyServerHandler.self)
                    else {
                        channel.close(promise: nil)
                        return
                    }
                    handler.abortForShutdown()
                })
        }
        for future in done { try? await future.get() }
    }
}

/// Why the proxy could not start.
public enum ProxyError: Error, Sendable, CustomStringConvertible {
    /// A non-loopback listen address without `allowRemote`.
    case remoteListenNotAllowed(String)
    /// Binding failed (address in use, bad address).
    case cannotListen(address: String, reason: String)

    /// One sentence that says what to do.
    public var description: String {
        switch self {
        case .remoteListenNotAllowed(let host):
            "refusing to listen on non-loopback address \(host): pass --allow-remote to expose the proxy"
        case .cannotListen(let address, let reason):
            "cannot listen on \(address): \(reason)"
        }
    }
}

import ArgumentParser
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `tapedeck-bench proxy-upstream`: the loopback Anthropic stand-in every proxy under test
/// forwards to; it stamps each text delta so the client can measure per-event latency.
struct ProxyUpstreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy-upstream",
        abstract: "Serve stamped Anthropic SSE streams on loopback for the proxy benchmark.",
        discussion: """
            POST /v1/messages?events=N&interval_us=U answers with N SSE events (message_start, \
            content_block_start, ping, N-6 text deltas, content_block_stop, message_delta, \
            message_stop). Each delta's text starts with [s=<CLOCK_MONOTONIC ns> d=<index>]. \
            U=0 floods. Runs until killed.
            Example: tapedeck-bench proxy-upstream --port 0 --port-file /tmp/upstream.port
            """
    )

    @Option(help: "Address to listen on (loopback only, e.g. 127.0.0.1).")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one (see --port-file).")
    var port = 0

    @Option(help: "Write the bound port to this file once listening, e.g. /tmp/up.port.")
    var portFile: String?

    @Option(help: "Event-loop threads, e.g. 1.")
    var threads = 1

    func validate() throws {
        guard host == "127.0.0.1" || host == "::1" || host == "localhost" else {
            throw ValidationError("--host must be a loopback address (127.0.0.1, ::1 or localhost).")
        }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1.") }
    }

    func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let cache = ProxyScriptCache()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(ProxyUpstreamHandler(cache: cache))
                }
            }
            .bind(host: host, port: port)
            .get()
        let boundPort = channel.localAddress?.port ?? port
        if let portFile {
            try "\(boundPort)\n".write(toFile: portFile, atomically: true, encoding: .utf8)
        }
        print("proxy-upstream listening on \(host):\(boundPort)")
        fflush(nil)
        try await channel.closeFuture.get()
        try await group.shutdownGracefully()
    }
}

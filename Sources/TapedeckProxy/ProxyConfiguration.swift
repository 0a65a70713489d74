import Foundation
import NIOCore
import TapedeckCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Everything the capture proxy needs to know before it starts: where to listen, the one upstream
/// it forwards to (never a host taken from a request), what to redact and how long to wait.
public struct ProxyConfiguration: Sendable {
    /// Address to listen on; loopback unless `allowRemote`.
    public var listenHost: String
    /// Port to listen on; 0 picks a free one (see `CaptureProxy.port`).
    public var listenPort: Int
    /// The upstream every request goes to.
    public var upstream: UpstreamTarget
    /// Header names redacted (besides the defaults) before they reach the recorder.
    public var redactedHeaderNames: [String]
    /// Close a connection (and its exchange, if one runs) when no bytes moved for this long, from accept on.
    public var idleTimeout: TimeAmount
    /// Close a client connection whose request head is not whole this long after its first byte (a half-sent head,
    /// a drip); default 30 s, never longer than `idleTimeout`.
    public var headerTimeout: TimeAmount
    /// Client connections open at once; more are closed at accept with a log line. Default: what the open-file
    /// limit allows (each connection needs an upstream socket too, so half the limit less a reserve).
    public var maxConnections: Int
    /// Told about trouble worth a log line (the connection limit reached); nil writes it to standard error.
    public var onNotice: (@Sendable (String) -> Void)?
    /// How long `shutdown(grace:)` lets in-flight exchanges finish by default.
    public var grace: TimeAmount
    /// Whether a non-loopback listen address is allowed.
    public var allowRemote: Bool
    /// Event-loop threads; the hot path keeps both sockets of an exchange on one loop. Default: one per core, like
    /// nginx's `worker_processes auto`: events of concurrent streams that arrive together are forwarded in parallel
    /// (on 2 cores, one loop instead of two raised the median added latency from 1.2× to 1.7× nginx's). The recorder
    /// threads run at background priority, so they do not need a core of their own.
    public var threads: Int
    /// Receives each exchange off the event loop; nil forwards without recording.
    public var recorder: (any CaptureRecorder)?

    /// Creates a configuration; the defaults match `tapedeck record`.
    public init(
        listenHost: String = "127.0.0.1", listenPort: Int = 8787,
        upstream: UpstreamTarget = .anthropic, redactedHeaderNames: [String] = [],
        idleTimeout: TimeAmount = .seconds(300), grace: TimeAmount = .seconds(10), allowRemote: Bool = false,
        threads: Int = System.coreCount, recorder: (any CaptureRecorder)? = nil,
        headerTimeout: TimeAmount = .seconds(30), maxConnections: Int? = nil,
        onNotice: (@Sendable (String) -> Void)? = nil
    ) {
        self.headerTimeout = headerTimeout
        self.maxConnections = max(1, maxConnections ?? Self.defaultMaxConnections)
        self.onNotice = onNotice
        self.listenHost = listenHost
        self.listenPort = listenPort
        self.upstream = upstream
        self.redactedHeaderNames = redactedHeaderNames
        self.idleTimeout = idleTimeout
        self.grace = grace
        self.allowRemote = allowRemote
        self.threads = max(1, threads)
        self.recorder = recorder
    }

    /// Sets the idle timeout and grace from seconds (for callers that do not import NIO).
    public mutating func setTimeouts(idleSeconds: Double, graceSeconds: Double) {
        idleTimeout = .nanoseconds(Int64(idleSeconds * 1e9))
        grace = .nanoseconds(Int64(graceSeconds * 1e9))
    }

    /// Sets the header timeout from seconds (for callers that do not import NIO).
    public mutating func setHeaderTimeout(seconds: Double) {
        headerTimeout = .nanoseconds(Int64(seconds * 1e9))
    }

    /// Half the open-file limit less a reserve of 64 (each client connection has an upstream socket too): past it,
    /// accepting more would run out of descriptors and leave every connection without an answer.
    public static var defaultMaxConnections: Int {
        var limit = rlimit()
        #if canImport(Glibc)
            let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
            let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur < rlim_t(Int32.max) else { return 4096 }
        return max(16, (Int(clamping: limit.rlim_cur) - 64) / 2)
    }

    /// The redactor built from the defaults plus `redactedHeaderNames`.
    public var redactor: HeaderRedactor { HeaderRedactor(additionalNames: redactedHeaderNames) }

    /// Whether `host` names the loopback interface (the only default-safe place to listen).
    public static func isLoopback(_ host: String) -> Bool {
        let trimmed = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return trimmed == "localhost" || trimmed == "::1" || trimmed.hasPrefix("127.")
    }
}

import Foundation
import NIOCore
import TapedeckCore

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
    /// Close both sides when no bytes moved for this long during an exchange.
    public var idleTimeout: TimeAmount
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
        threads: Int = System.coreCount, recorder: (any CaptureRecorder)? = nil
    ) {
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

    /// The redactor built from the defaults plus `redactedHeaderNames`.
    public var redactor: HeaderRedactor { HeaderRedactor(additionalNames: redactedHeaderNames) }

    /// Whether `host` names the loopback interface (the only default-safe place to listen).
    public static func isLoopback(_ host: String) -> Bool {
        let trimmed = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return trimmed == "localhost" || trimmed == "::1" || trimmed.hasPrefix("127.")
    }
}

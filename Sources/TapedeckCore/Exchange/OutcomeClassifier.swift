/// Decides an exchange's outcome from what the proxy saw on the wire and what the assembler
/// found in the stream, so every adapter labels the same exchange the same way.
public struct OutcomeClassifier: Sendable, Hashable {
    /// How the HTTP exchange ended, as the proxy saw it.
    public enum Ending: Sendable, Hashable {
        /// The upstream finished its response normally (HTTP framing complete).
        case upstreamFinished
        /// The upstream connection closed or failed before the response body ended.
        case upstreamClosed
        /// The client went away before the response was delivered.
        case clientDisconnected
        /// No bytes moved in either direction for the idle timeout.
        case idleTimeout
        /// The upstream could not be reached (connect or TLS failure); no response came.
        case upstreamUnreachable
        /// The proxy shut down (grace period over) while the exchange was still running.
        case proxyShutdown
    }

    /// The response status, nil when none arrived.
    public var status: Int?
    /// Whether the response was `text/event-stream`.
    public var isStreaming: Bool
    /// Whether `message_stop` was seen (the assembler's `isComplete`).
    public var sawMessageStop: Bool
    /// Whether an `error` event was seen inside the stream.
    public var sawErrorEvent: Bool
    /// How the exchange ended.
    public var ending: Ending

    /// Creates the classifier's input.
    public init(status: Int?, isStreaming: Bool, sawMessageStop: Bool, sawErrorEvent: Bool, ending: Ending) {
        self.status = status
        self.isStreaming = isStreaming
        self.sawMessageStop = sawMessageStop
        self.sawErrorEvent = sawErrorEvent
        self.ending = ending
    }

    /// The outcome. The most specific evidence wins: no response at all, then an HTTP error status,
    /// then what the stream itself said, then who ended the exchange.
    public var outcome: ExchangeOutcome {
        if ending == .upstreamUnreachable { return .upstreamUnreachable }
        if let status, status >= 400 { return .httpError }
        if isStreaming && sawErrorEvent { return .errorEvent }
        if isStreaming && sawMessageStop { return .complete }
        switch ending {
        case .clientDisconnected: return .clientDisconnect
        case .idleTimeout: return .timeout
        case .upstreamUnreachable: return .upstreamUnreachable
        case .proxyShutdown: return .interrupted
        case .upstreamClosed: return .upstreamDisconnect
        case .upstreamFinished: return isStreaming ? .upstreamDisconnect : .nonStreaming
        }
    }

    /// Convenience: the outcome for the given evidence.
    public static func classify(
        status: Int?, isStreaming: Bool, sawMessageStop: Bool, sawErrorEvent: Bool, ending: Ending
    ) -> ExchangeOutcome {
        OutcomeClassifier(
            status: status, isStreaming: isStreaming, sawMessageStop: sawMessageStop,
            sawErrorEvent: sawErrorEvent, ending: ending
        ).outcome
    }
}

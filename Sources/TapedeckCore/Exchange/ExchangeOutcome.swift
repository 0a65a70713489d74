/// How one HTTP exchange through the proxy ended; the first thing a user filters on.
public enum ExchangeOutcome: String, Sendable, Codable, CaseIterable, Hashable {
    /// Still streaming (only seen while the recorder runs).
    case inProgress = "in_progress"
    /// `message_stop` was seen.
    case complete
    /// An `error` event arrived inside an HTTP 200 stream.
    case errorEvent = "error_event"
    /// The upstream answered with status >= 400.
    case httpError = "http_error"
    /// The upstream closed before `message_stop`.
    case upstreamDisconnect = "upstream_disconnect"
    /// The client went away mid-stream.
    case clientDisconnect = "client_disconnect"
    /// No bytes for the idle timeout.
    case timeout
    /// The upstream could not be reached (connect or TLS failure).
    case upstreamUnreachable = "upstream_unreachable"
    /// The recorder stopped or crashed mid-stream; found and marked on the next start.
    case interrupted
    /// A successful response that was not an event stream.
    case nonStreaming = "non_streaming"

    /// Whether this outcome means the client did not get a whole answer.
    public var isFailure: Bool {
        switch self {
        case .complete, .nonStreaming, .inProgress: false
        default: true
        }
    }
}

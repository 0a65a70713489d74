extension ExchangeOutcome {
    /// The one word every view puts first (`show`, exports, the replayer, the picker), so a partial answer is
    /// never mistaken for a whole one and a 529 reads the same everywhere: "COMPLETE", "PARTIAL", "FAILED",
    /// "NON-STREAMING" or "IN PROGRESS".
    public var label: String {
        switch self {
        case .complete: "COMPLETE"
        case .nonStreaming: "NON-STREAMING"
        case .inProgress: "IN PROGRESS"
        case .httpError, .upstreamUnreachable: "FAILED"
        case .errorEvent, .upstreamDisconnect, .clientDisconnect, .timeout, .interrupted: "PARTIAL"
        }
    }

    /// The label with the outcome when the label alone does not say it: "PARTIAL error_event", "FAILED http_error", "COMPLETE".
    public var labelWithOutcome: String {
        switch self {
        case .complete, .nonStreaming, .inProgress: label
        default: "\(label) \(rawValue)"
        }
    }

    /// The replayers' status-bar words (terminal and HTML): "COMPLETE", "PARTIAL · error_event", "FAILED ·
    /// http_error".
    public var statusText: String {
        switch self {
        case .complete, .nonStreaming, .inProgress: label
        default: "\(label) · \(rawValue)"
        }
    }

    /// One sentence on what the outcome means for the client.
    public var explanation: String {
        switch self {
        case .complete: "message_stop was seen: the whole message arrived"
        case .nonStreaming: "a successful response that was not an event stream"
        case .inProgress: "still streaming when this was read"
        case .httpError: "the upstream answered with an HTTP error status"
        case .upstreamUnreachable: "the upstream could not be reached; no response came"
        case .errorEvent: "an error event arrived mid-stream; what is shown was assembled before it"
        case .upstreamDisconnect: "the upstream closed before message_stop; what is shown is partial"
        case .clientDisconnect: "the client went away mid-stream; what is shown is partial"
        case .timeout: "no bytes for the idle timeout; what is shown is partial"
        case .interrupted: "the recorder stopped mid-stream; what is shown is what was flushed"
        }
    }
}

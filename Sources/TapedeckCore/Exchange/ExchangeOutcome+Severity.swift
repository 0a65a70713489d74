extension ExchangeOutcome {
    /// How bad an outcome is for a session's "worst outcome": successes lowest, then a still-running exchange,
    /// then failures, the ones that lose an answer silently highest.
    public var severity: Int {
        switch self {
        case .complete: 0
        case .nonStreaming: 1
        case .inProgress: 2
        case .clientDisconnect: 3
        case .httpError: 4
        case .upstreamUnreachable: 5
        case .timeout: 6
        case .errorEvent: 7
        case .upstreamDisconnect: 8
        case .interrupted: 9
        }
    }
}

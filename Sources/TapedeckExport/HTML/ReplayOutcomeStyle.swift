import TapedeckCore

/// The outcome as the terminal replayer's status bar prints it, with the page's style for it.
enum ReplayOutcomeStyle {
    /// COMPLETE only when `message_stop` was seen; otherwise PARTIAL or FAILED with the outcome, as the status
    /// bar says (Core's `statusText`).
    static func outcome(_ summary: ExchangeSummary) -> (text: String, style: PaneItem.Style) {
        switch summary.outcome {
        case .complete: (summary.outcome.statusText, .good)
        case .nonStreaming: (summary.outcome.statusText, .bold)
        case .inProgress: (summary.outcome.statusText, .warning)
        default: (summary.outcome.statusText, .alert)
        }
    }
}

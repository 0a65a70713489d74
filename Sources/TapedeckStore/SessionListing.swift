import TapedeckCore

/// A session as `ls` lists it: its row and the figures of its exchanges.
public struct SessionListing: Sendable, Hashable {
    /// The session row.
    public var summary: SessionSummary
    /// Derived from its exchanges.
    public var figures: SessionFigures

    /// Creates a listing.
    public init(summary: SessionSummary, figures: SessionFigures) {
        self.summary = summary
        self.figures = figures
    }
}

/// What a user's id on the command line names: a session, or one exchange.
public enum RecordingReference: Sendable, Hashable {
    /// A session (agent run or conversation).
    case session(SessionSummary)
    /// One exchange.
    case exchange(ExchangeSummary)
}

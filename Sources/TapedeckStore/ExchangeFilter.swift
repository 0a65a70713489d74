import TapedeckCore

/// Which exchanges a listing wants (`ls`, `stats`, `export --all`): every field narrows, nil means "any".
public struct ExchangeFilter: Sendable, Hashable {
    /// Listing order by start time.
    public enum Order: Sendable, Hashable {
        /// Most recent first (`ls`).
        case newestFirst
        /// Oldest first (exports, stats over time).
        case oldestFirst
    }

    /// Only exchanges with one of these outcomes.
    public var outcomes: Set<ExchangeOutcome>?
    /// Only failed exchanges (`ExchangeOutcome.isFailure`).
    public var failuresOnly: Bool
    /// Only exchanges whose model contains this text (case-insensitive), e.g. "sonnet".
    public var model: String?
    /// Only exchanges started at or after this instant (nanoseconds since the Unix epoch).
    public var sinceNanos: Int64?
    /// Only exchanges started before this instant (nanoseconds since the Unix epoch).
    public var untilNanos: Int64?
    /// Only exchanges whose request path equals this, e.g. "/v1/messages".
    public var path: String?
    /// Only these exchange ids.
    public var ids: [String]?
    /// At most this many exchanges (after ordering).
    public var limit: Int?
    /// Listing order.
    public var order: Order

    /// A filter; the default matches every exchange, newest first.
    public init(
        outcomes: Set<ExchangeOutcome>? = nil, failuresOnly: Bool = false, model: String? = nil,
        sinceNanos: Int64? = nil, untilNanos: Int64? = nil, path: String? = nil, ids: [String]? = nil,
        limit: Int? = nil, order: Order = .newestFirst
    ) {
        self.outcomes = outcomes
        self.failuresOnly = failuresOnly
        self.model = model
        self.sinceNanos = sinceNanos
        self.untilNanos = untilNanos
        self.path = path
        self.ids = ids
        self.limit = limit
        self.order = order
    }

    /// Every exchange, newest first.
    public static let all = ExchangeFilter()
}

import Foundation

/// How `tapedeck stats --by` splits exchanges into groups.
public enum StatsGrouping: String, Sendable, CaseIterable, Hashable {
    /// By `ExchangeSummary.model` ("(unknown)" when absent).
    case model
    /// By outcome raw value.
    case outcome
    /// By UTC calendar day of the start time, "yyyy-MM-dd".
    case day

    /// The group key of one exchange.
    public func key(for summary: ExchangeSummary) -> String {
        switch self {
        case .model: return summary.model ?? "(unknown)"
        case .outcome: return summary.outcome.rawValue
        case .day: return Self.utcDay(nanos: summary.startedAtNanos)
        }
    }

    /// "yyyy-MM-dd" of a Unix time in nanoseconds, in UTC (no locale or time zone involved).
    static func utcDay(nanos: Int64) -> String {
        String(UTCTimestamp.format(nanos: nanos, fractionDigits: 0).prefix(10))
    }
}

/// Stats over all exchanges plus, optionally, per group: what `tapedeck stats` prints.
public struct ExchangeStatsReport: Sendable, Hashable {
    /// Figures over every exchange.
    public var overall: ExchangeStats
    /// The grouping used, if any.
    public var grouping: StatsGrouping?
    /// One entry per group, sorted by key.
    public var groups: [Group]

    /// One group's key and figures.
    public struct Group: Sendable, Hashable {
        /// The group key (model name, outcome or day).
        public var key: String
        /// Figures over this group's exchanges.
        public var stats: ExchangeStats

        /// Creates a group.
        public init(key: String, stats: ExchangeStats) {
            self.key = key
            self.stats = stats
        }
    }

    /// Computes the report; per-exchange figures are computed once and shared by the groups.
    public init(exchanges: [RecordedExchange], grouping: StatsGrouping? = nil) {
        let figures = exchanges.map { (summary: $0.summary, figures: ExchangeFigures(exchange: $0)) }
        overall = ExchangeStats(figures: figures)
        self.grouping = grouping
        guard let grouping else {
            groups = []
            return
        }
        let grouped = Dictionary(grouping: figures) { grouping.key(for: $0.summary) }
        groups = grouped.keys.sorted().map { key in
            Group(key: key, stats: ExchangeStats(figures: grouped[key] ?? []))
        }
    }
}

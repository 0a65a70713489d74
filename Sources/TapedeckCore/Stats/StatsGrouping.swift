import Foundation

/// How `tapedeck stats --by` splits sessions into groups.
public enum StatsGrouping: String, Sendable, CaseIterable, Hashable {
    /// By `SessionSummary.model` ("(unknown)" when absent).
    case model
    /// By outcome raw value.
    case outcome
    /// By UTC calendar day of the start time, "yyyy-MM-dd".
    case day

    /// The group key of one session.
    public func key(for summary: SessionSummary) -> String {
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

/// Stats over all sessions plus, optionally, per group: what `tapedeck stats` prints.
public struct SessionStatsReport: Sendable, Hashable {
    /// Figures over every session.
    public var overall: SessionStats
    /// The grouping used, if any.
    public var grouping: StatsGrouping?
    /// One entry per group, sorted by key.
    public var groups: [Group]

    /// One group's key and figures.
    public struct Group: Sendable, Hashable {
        /// The group key (model name, outcome or day).
        public var key: String
        /// Figures over this group's sessions.
        public var stats: SessionStats

        /// Creates a group.
        public init(key: String, stats: SessionStats) {
            self.key = key
            self.stats = stats
        }
    }

    /// Computes the report; per-session figures are computed once and shared by the groups.
    public init(sessions: [RecordedSession], grouping: StatsGrouping? = nil) {
        let figures = sessions.map { (summary: $0.summary, figures: SessionFigures(session: $0)) }
        overall = SessionStats(figures: figures)
        self.grouping = grouping
        guard let grouping else {
            groups = []
            return
        }
        let grouped = Dictionary(grouping: figures) { grouping.key(for: $0.summary) }
        groups = grouped.keys.sorted().map { key in
            Group(key: key, stats: SessionStats(figures: grouped[key] ?? []))
        }
    }
}

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

    /// "yyyy-MM-dd" of a Unix time in nanoseconds, in UTC (civil-from-days, no locale involved).
    static func utcDay(nanos: Int64) -> String {
        let seconds = nanos >= 0 ? nanos / 1_000_000_000 : (nanos - 999_999_999) / 1_000_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return String(format: "%04lld-%02lld-%02lld", year, month, day)
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

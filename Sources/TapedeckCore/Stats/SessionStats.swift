/// Aggregate latency and outcome figures over a set of sessions (`tapedeck stats`).
///
/// Percentiles are nearest-rank (see `Percentile`). TTFT percentiles use the sessions that have a
/// TTFT; tokens/s percentiles the sessions where it is defined (see `SessionFigures`); the gap p99
/// pools every inter-event gap of every session. The error rate is failures (`isFailure`) over all
/// sessions.
public struct SessionStats: Sendable, Hashable {
    /// Number of sessions.
    public var sessionCount: Int
    /// Sessions per outcome, in `SessionOutcome.allCases` order, only outcomes that occur.
    public var outcomeCounts: [OutcomeCount]
    /// Sessions whose outcome is a failure.
    public var failureCount: Int
    /// failureCount / sessionCount, or nil with no sessions.
    public var errorRate: Double?
    /// Nearest-rank TTFT p50.
    public var ttftP50Nanos: Int64?
    /// Nearest-rank TTFT p95.
    public var ttftP95Nanos: Int64?
    /// Nearest-rank TTFT p99.
    public var ttftP99Nanos: Int64?
    /// Nearest-rank p50 of per-session output tokens per second.
    public var outputTokensPerSecondP50: Double?
    /// Total output tokens over total generation time of the sessions where both are known.
    public var outputTokensPerSecondOverall: Double?
    /// Nearest-rank p99 of all inter-event gaps.
    public var gapP99Nanos: Int64?
    /// The single longest stall over all sessions.
    public var longestStall: Stall?

    /// One outcome and how many sessions ended with it.
    public struct OutcomeCount: Sendable, Hashable {
        /// The outcome.
        public var outcome: SessionOutcome
        /// How many sessions.
        public var count: Int

        /// Creates a count.
        public init(outcome: SessionOutcome, count: Int) {
            self.outcome = outcome
            self.count = count
        }
    }

    /// Computes the figures for `sessions`.
    public init(sessions: [RecordedSession]) {
        self.init(figures: sessions.map { ($0.summary, SessionFigures(session: $0)) })
    }

    /// Computes the figures from already computed per-session figures.
    public init(figures: [(summary: SessionSummary, figures: SessionFigures)]) {
        sessionCount = figures.count
        var counts: [SessionOutcome: Int] = [:]
        for item in figures { counts[item.summary.outcome, default: 0] += 1 }
        outcomeCounts = SessionOutcome.allCases.compactMap { outcome in
            counts[outcome].map { OutcomeCount(outcome: outcome, count: $0) }
        }
        failureCount = figures.filter { $0.summary.outcome.isFailure }.count
        errorRate = figures.isEmpty ? nil : Double(failureCount) / Double(figures.count)

        let ttfts = figures.compactMap(\.summary.ttftNanos).sorted()
        ttftP50Nanos = Percentile.nearestRank(50, ofSorted: ttfts)
        ttftP95Nanos = Percentile.nearestRank(95, ofSorted: ttfts)
        ttftP99Nanos = Percentile.nearestRank(99, ofSorted: ttfts)

        outputTokensPerSecondP50 = Percentile.nearestRank(50, of: figures.compactMap(\.figures.outputTokensPerSecond))
        var tokens = 0
        var generation: Int64 = 0
        for item in figures where item.figures.outputTokensPerSecond != nil {
            guard let out = item.summary.outputTokens, let duration = item.summary.durationNanos,
                let ttft = item.summary.ttftNanos
            else { continue }
            tokens += out
            generation += duration - ttft
        }
        outputTokensPerSecondOverall = generation > 0 ? Double(tokens) / (Double(generation) / 1e9) : nil

        gapP99Nanos = Percentile.nearestRank(99, of: figures.flatMap(\.figures.gapsNanos))
        var longest: Stall?
        for case let stall? in figures.map(\.figures.longestStall) {
            if let current = longest, !stall.isLonger(than: current) { continue }
            longest = stall
        }
        longestStall = longest
    }

    /// The count for one outcome (0 when absent).
    public func count(of outcome: SessionOutcome) -> Int {
        outcomeCounts.first { $0.outcome == outcome }?.count ?? 0
    }
}

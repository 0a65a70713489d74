/// Aggregate latency and outcome figures over a set of exchanges (`tapedeck stats`).
///
/// Percentiles are nearest-rank (see `Percentile`). TTFT percentiles use the exchanges that have a
/// TTFT; tokens/s percentiles the exchanges where it is defined (see `ExchangeFigures`); the gap p99
/// pools every inter-event gap of every exchange. The error rate is failures (`isFailure`) over all
/// exchanges.
public struct ExchangeStats: Sendable, Hashable {
    /// Number of exchanges.
    public var exchangeCount: Int
    /// Exchanges per outcome, in `ExchangeOutcome.allCases` order, only outcomes that occur.
    public var outcomeCounts: [OutcomeCount]
    /// Exchanges whose outcome is a failure.
    public var failureCount: Int
    /// failureCount / exchangeCount, or nil with no exchanges.
    public var errorRate: Double?
    /// Nearest-rank TTFT p50.
    public var ttftP50Nanos: Int64?
    /// Nearest-rank TTFT p95.
    public var ttftP95Nanos: Int64?
    /// Nearest-rank TTFT p99.
    public var ttftP99Nanos: Int64?
    /// Nearest-rank p50 of per-exchange output tokens per second.
    public var outputTokensPerSecondP50: Double?
    /// Total output tokens over total generation time of the exchanges where both are known.
    public var outputTokensPerSecondOverall: Double?
    /// Nearest-rank p99 of all inter-event gaps.
    public var gapP99Nanos: Int64?
    /// The single longest stall over all exchanges.
    public var longestStall: Stall?

    /// One outcome and how many exchanges ended with it.
    public struct OutcomeCount: Sendable, Hashable {
        /// The outcome.
        public var outcome: ExchangeOutcome
        /// How many exchanges.
        public var count: Int

        /// Creates a count.
        public init(outcome: ExchangeOutcome, count: Int) {
            self.outcome = outcome
            self.count = count
        }
    }

    /// Computes the figures for `exchanges`.
    public init(exchanges: [RecordedExchange]) {
        self.init(figures: exchanges.map { ($0.summary, ExchangeFigures(exchange: $0)) })
    }

    /// Computes the figures from already computed per-exchange figures.
    public init(figures: [(summary: ExchangeSummary, figures: ExchangeFigures)]) {
        exchangeCount = figures.count
        var counts: [ExchangeOutcome: Int] = [:]
        for item in figures { counts[item.summary.outcome, default: 0] += 1 }
        outcomeCounts = ExchangeOutcome.allCases.compactMap { outcome in
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
    public func count(of outcome: ExchangeOutcome) -> Int {
        outcomeCounts.first { $0.outcome == outcome }?.count ?? 0
    }
}

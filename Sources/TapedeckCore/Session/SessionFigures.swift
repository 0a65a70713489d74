/// The figures of a session, derived from its exchanges: what `ls` and `show` print per session.
public struct SessionFigures: Sendable, Hashable {
    /// Exchanges in the session (retries included).
    public var exchanges: Int
    /// Turns: exchanges that are not another attempt of an earlier one.
    public var turns: Int
    /// Threads (the main conversation plus side requests and sub-agents).
    public var threads: Int
    /// The worst outcome of any exchange.
    public var outcome: ExchangeOutcome
    /// Exchanges that failed (a failed attempt stays counted even when a retry then succeeded).
    public var failedExchanges: Int
    /// Models in order of first use.
    public var models: [String]
    /// Sums of each exchange's last reported usage.
    public var inputTokens: Int
    /// Output tokens, summed.
    public var outputTokens: Int
    /// Tokens written to the prompt cache, summed.
    public var cacheCreationInputTokens: Int
    /// Tokens read from the prompt cache, summed.
    public var cacheReadInputTokens: Int
    /// First request start to last exchange end.
    public var wallNanos: Int64
    /// Time with at least one exchange open: waiting on the model (overlapping exchanges count once).
    public var modelNanos: Int64
    /// The rest of the wall time: tools running, a person typing, the agent thinking between turns.
    public var betweenTurnsNanos: Int64 { max(0, wallNanos - modelNanos) }

    /// Computes the figures of `exchanges` (any order).
    public init(exchanges list: [ExchangeSummary]) {
        exchanges = list.count
        turns = list.filter { $0.attempt <= 1 }.count
        threads = Set(list.map { $0.threadID ?? $0.id }).count
        outcome = list.map(\.outcome).max { $0.severity < $1.severity } ?? .inProgress
        failedExchanges = list.filter { $0.outcome.isFailure }.count
        let ordered = list.sorted { ($0.startedAtNanos, $0.id) < ($1.startedAtNanos, $1.id) }
        var seen: Set<String> = []
        models = ordered.compactMap(\.model).filter { seen.insert($0).inserted }
        inputTokens = list.reduce(0) { $0 + ($1.inputTokens ?? 0) }
        outputTokens = list.reduce(0) { $0 + ($1.outputTokens ?? 0) }
        cacheCreationInputTokens = list.reduce(0) { $0 + ($1.cacheCreationInputTokens ?? 0) }
        cacheReadInputTokens = list.reduce(0) { $0 + ($1.cacheReadInputTokens ?? 0) }
        var wallStart: Int64?
        var wallEnd: Int64 = 0
        var busy: Int64 = 0
        var openUntil: Int64?
        for exchange in ordered {
            let start = exchange.startedAtNanos
            let end = start &+ max(0, exchange.durationNanos ?? 0)
            if wallStart == nil { wallStart = start }
            wallEnd = max(wallEnd, end)
            if let until = openUntil, start < until {
                if end > until {
                    busy += end - until
                    openUntil = end
                }
            } else {
                busy += end - start
                openUntil = end
            }
        }
        wallNanos = wallStart.map { max(0, wallEnd - $0) } ?? 0
        modelNanos = busy
    }
}

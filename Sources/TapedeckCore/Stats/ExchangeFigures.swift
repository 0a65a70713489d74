/// The per-exchange timing figures `show` prints and `stats` aggregates.
///
/// Gaps are the times between consecutive arrivals: event n − event n−1, and the trailing
/// fragment (if any) counts as a last arrival. The time before the first event is not a gap
/// (that is time to first byte). For an exchange that did not complete, the silence from the last
/// arrival to the end of the exchange is a stall candidate too (a timeout is exactly that), but it
/// is not an inter-event gap.
///
/// An exchange without a first-byte time has no real arrival times (e.g. imported from a bare .sse
/// file, where every offset is 0), so it contributes no gaps and no stall rather than false zeros; nor
/// does a response that was not an event stream (a JSON body has no events to stall between).
public struct ExchangeFigures: Sendable, Hashable {
    /// Time to first content delta, from the summary.
    public var ttftNanos: Int64?
    /// Output tokens per second of generation: output_tokens / (duration − ttft).
    public var outputTokensPerSecond: Double?
    /// Inter-event gaps in arrival order.
    public var gapsNanos: [Int64]
    /// Nearest-rank p99 of `gapsNanos`.
    public var gapP99Nanos: Int64?
    /// The largest silence, if there was any arrival.
    public var longestStall: Stall?

    /// Computes the figures of one recorded exchange.
    public init(exchange: RecordedExchange) {
        let summary = exchange.summary
        ttftNanos = summary.ttftNanos
        outputTokensPerSecond = Self.tokensPerSecond(summary)
        var gaps: [Int64] = []
        var stall: Stall?
        var previous: Int64?
        let timed = summary.firstByteNanos != nil && (summary.isStreaming || !exchange.events.isEmpty)
        func consider(_ candidate: Stall) {
            if let current = stall, !candidate.isLonger(than: current) { return }
            stall = candidate
        }
        for event in exchange.events where timed {
            if let previous {
                let gap = max(0, event.offsetNanos - previous)
                gaps.append(gap)
                consider(
                    Stall(
                        exchangeID: summary.id, gapNanos: gap, startNanos: previous,
                        endingSequence: event.sequence, endingEvent: event.type))
            }
            previous = event.offsetNanos
        }
        if timed, !exchange.trailingBytes.isEmpty, let trailing = exchange.trailingOffsetNanos {
            if let previous {
                let gap = max(0, trailing - previous)
                gaps.append(gap)
                consider(
                    Stall(
                        exchangeID: summary.id, gapNanos: gap, startNanos: previous, endingSequence: nil,
                        endingEvent: "trailing fragment"))
            }
            previous = trailing
        }
        if summary.outcome != .complete, let previous, let end = summary.durationNanos, end > previous {
            consider(
                Stall(
                    exchangeID: summary.id, gapNanos: end - previous, startNanos: previous, endingSequence: nil,
                    endingEvent: "end of stream"))
        }
        gapsNanos = gaps
        gapP99Nanos = Percentile.nearestRank(99, of: gaps)
        longestStall = stall
    }

    /// output_tokens / (duration − ttft) in tokens per second; nil when a figure is missing or the
    /// generation time is not positive.
    public static func tokensPerSecond(_ summary: ExchangeSummary) -> Double? {
        guard let tokens = summary.outputTokens, let duration = summary.durationNanos, let ttft = summary.ttftNanos
        else { return nil }
        let generation = duration - ttft
        guard generation > 0 else { return nil }
        return Double(tokens) / (Double(generation) / 1e9)
    }
}

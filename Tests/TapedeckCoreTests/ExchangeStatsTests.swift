import Testing

@testable import TapedeckCore

/// An exchange with events at the given offsets (milliseconds) and the given summary figures.
private func exchange(
    id: String, outcome: ExchangeOutcome = .complete, model: String? = "claude-x", startedAtNanos: Int64 = 0,
    offsetsMs: [Int64] = [], trailingMs: Int64? = nil, ttftMs: Int64? = nil, durationMs: Int64? = nil,
    outputTokens: Int? = nil, timed: Bool = true
) -> RecordedExchange {
    let ms: Int64 = 1_000_000
    let events = offsetsMs.enumerated().map { index, offset in
        RecordedEvent(
            sequence: index, offsetNanos: offset * ms, type: index == 0 ? "message_start" : "content_block_delta",
            data: "{}", raw: [])
    }
    let summary = ExchangeSummary(
        id: id, startedAtNanos: startedAtNanos, method: "POST", path: "/v1/messages", model: model,
        outcome: outcome, firstByteNanos: timed ? (offsetsMs.first ?? 0) * ms : nil, ttftNanos: ttftMs.map { $0 * ms },
        durationNanos: durationMs.map { $0 * ms },
        outputTokens: outputTokens, eventCount: events.count)
    return RecordedExchange(
        summary: summary, events: events, trailingBytes: trailingMs == nil ? [] : Array("data: {".utf8),
        trailingOffsetNanos: trailingMs.map { $0 * ms })
}

@Suite("Nearest-rank percentiles")
struct PercentileTests {
    @Test("hand-computed ranks: ceil(p/100 × n)")
    func handComputed() {
        let values = [15, 20, 35, 40, 50]
        // n = 5: p30 → rank ceil(1.5) = 2 → 20; p40 → rank 2 → 20; p50 → rank ceil(2.5) = 3 → 35;
        // p100 → rank 5 → 50; p1 → rank 1 → 15.
        #expect(Percentile.nearestRank(30, of: values) == 20)
        #expect(Percentile.nearestRank(40, of: values) == 20)
        #expect(Percentile.nearestRank(50, of: values) == 35)
        #expect(Percentile.nearestRank(100, of: values) == 50)
        #expect(Percentile.nearestRank(1, of: values) == 15)
        #expect(Percentile.nearestRank(0, of: values) == 15)
    }

    @Test("p95/p99 of 1...100 and of 1...10, unsorted input")
    func largerSets() {
        let hundred = Array((1...100).reversed())
        #expect(Percentile.nearestRank(95, of: hundred) == 95)
        #expect(Percentile.nearestRank(99, of: hundred) == 99)
        let ten = [7, 3, 10, 1, 9, 2, 8, 4, 6, 5]
        // n = 10: p95 → rank ceil(9.5) = 10 → 10; p50 → rank 5 → 5; p99 → rank 10 → 10.
        #expect(Percentile.nearestRank(95, of: ten) == 10)
        #expect(Percentile.nearestRank(50, of: ten) == 5)
        #expect(Percentile.nearestRank(99, of: ten) == 10)
    }

    @Test("empty input has no percentile")
    func empty() {
        #expect(Percentile.nearestRank(50, of: [Int]()) == nil)
    }
}

@Suite("Exchange figures and stats")
struct ExchangeStatsTests {
    @Test("gaps, gap p99 and longest stall of one exchange")
    func perExchangeGaps() {
        let figures = ExchangeFigures(exchange: exchange(id: "a", offsetsMs: [100, 110, 130, 400, 405]))
        #expect(figures.gapsNanos == [10, 20, 270, 5].map { $0 * 1_000_000 })
        #expect(figures.gapP99Nanos == 270_000_000)
        let stall = figures.longestStall
        #expect(stall?.gapNanos == 270_000_000)
        #expect(stall?.startNanos == 130_000_000)
        #expect(stall?.endingSequence == 3)
        #expect(stall?.endingEvent == "content_block_delta")
    }

    @Test("a cut stream's trailing fragment is a gap; silence before the end of a failed one is a stall")
    func trailingAndEnd() {
        let cut = ExchangeFigures(
            exchange: exchange(
                id: "cut", outcome: .upstreamDisconnect, offsetsMs: [0, 10], trailingMs: 60, durationMs: 1_060))
        #expect(cut.gapsNanos == [10_000_000, 50_000_000])
        #expect(cut.longestStall?.gapNanos == 1_000_000_000)
        #expect(cut.longestStall?.endingEvent == "end of stream")
        #expect(cut.longestStall?.endingSequence == nil)

        let complete = ExchangeFigures(exchange: exchange(id: "ok", offsetsMs: [0, 10], durationMs: 5_000))
        #expect(complete.longestStall?.gapNanos == 10_000_000)
        #expect(complete.longestStall?.endingSequence == 1)
    }

    @Test("an exchange without arrival times (first byte unknown) contributes no gaps and no stall")
    func untimedExchange() {
        let figures = ExchangeFigures(
            exchange: exchange(
                id: "u", outcome: .upstreamDisconnect, offsetsMs: [0, 0, 0], trailingMs: 0, timed: false))
        #expect(figures.gapsNanos.isEmpty)
        #expect(figures.gapP99Nanos == nil)
        #expect(figures.longestStall == nil)
    }

    @Test("tokens per second = output_tokens / (duration − ttft)")
    func tokensPerSecond() {
        let figures = ExchangeFigures(exchange: exchange(id: "t", ttftMs: 500, durationMs: 2_500, outputTokens: 100))
        #expect(figures.outputTokensPerSecond == 50)
        #expect(
            ExchangeFigures(exchange: exchange(id: "z", ttftMs: 500, durationMs: 500, outputTokens: 9))
                .outputTokensPerSecond == nil)
        #expect(ExchangeFigures(exchange: exchange(id: "n", ttftMs: 500, durationMs: 900)).outputTokensPerSecond == nil)
    }

    @Test("aggregate: outcome counts, error rate, TTFT percentiles, tokens/s, longest stall across exchanges")
    func aggregate() {
        let exchanges = [
            exchange(id: "s1", offsetsMs: [0, 5], ttftMs: 100, durationMs: 1_100, outputTokens: 10),
            exchange(id: "s2", offsetsMs: [0, 900], ttftMs: 300, durationMs: 2_300, outputTokens: 100),
            exchange(id: "s3", outcome: .errorEvent, offsetsMs: [0, 1], ttftMs: 200),
            exchange(id: "s4", outcome: .httpError),
            exchange(id: "s5", offsetsMs: [0, 20], ttftMs: 400, durationMs: 1_400, outputTokens: 30),
        ]
        let stats = ExchangeStats(exchanges: exchanges)
        #expect(stats.exchangeCount == 5)
        #expect(stats.count(of: .complete) == 3)
        #expect(stats.count(of: .errorEvent) == 1)
        #expect(stats.count(of: .httpError) == 1)
        #expect(stats.outcomeCounts.map(\.outcome) == [.complete, .errorEvent, .httpError])
        #expect(stats.failureCount == 2)
        #expect(stats.errorRate == 0.4)
        // TTFTs sorted: 100, 200, 300, 400 (n = 4). p50 → rank 2 → 200; p95, p99 → rank 4 → 400.
        #expect(stats.ttftP50Nanos == 200_000_000)
        #expect(stats.ttftP95Nanos == 400_000_000)
        #expect(stats.ttftP99Nanos == 400_000_000)
        // Rates: 10/1 s = 10, 100/2 s = 50, 30/1 s = 30 → p50 rank 2 → 30; overall 140 / 4 s = 35.
        #expect(stats.outputTokensPerSecondP50 == 30)
        #expect(stats.outputTokensPerSecondOverall == 35)
        // Gaps 5, 900, 1, 20 ms → p99 rank 4 → 900 ms, in s2.
        #expect(stats.gapP99Nanos == 900_000_000)
        #expect(stats.longestStall?.exchangeID == "s2")
    }

    @Test("no exchanges: zero counts and no figures")
    func emptyStats() {
        let stats = ExchangeStats(exchanges: [])
        #expect(stats.exchangeCount == 0)
        #expect(stats.errorRate == nil)
        #expect(stats.ttftP50Nanos == nil)
        #expect(stats.longestStall == nil)
    }

    @Test("grouping by model, outcome and UTC day")
    func grouping() {
        let day1: Int64 = 1_764_028_800 * 1_000_000_000  // 2025-11-25T00:00:00Z
        let exchanges = [
            exchange(id: "a", model: "m-b", startedAtNanos: day1 + 1),
            exchange(id: "b", outcome: .timeout, model: "m-a", startedAtNanos: day1 + 86_399_999_999_999),
            exchange(id: "c", model: nil, startedAtNanos: day1 + 86_400_000_000_000),
        ]
        let byModel = ExchangeStatsReport(exchanges: exchanges, grouping: .model)
        #expect(byModel.groups.map(\.key) == ["(unknown)", "m-a", "m-b"])
        #expect(byModel.overall.exchangeCount == 3)
        let byOutcome = ExchangeStatsReport(exchanges: exchanges, grouping: .outcome)
        #expect(byOutcome.groups.map(\.key) == ["complete", "timeout"])
        #expect(byOutcome.groups.first?.stats.exchangeCount == 2)
        let byDay = ExchangeStatsReport(exchanges: exchanges, grouping: .day)
        #expect(byDay.groups.map(\.key) == ["2025-11-25", "2025-11-26"])
        #expect(byDay.groups.map(\.stats.exchangeCount) == [2, 1])
        #expect(StatsGrouping.utcDay(nanos: 0) == "1970-01-01")
        #expect(StatsGrouping.utcDay(nanos: 951_782_400 * 1_000_000_000) == "2000-02-29")
        #expect(ExchangeStatsReport(exchanges: exchanges).groups.isEmpty)
    }
}

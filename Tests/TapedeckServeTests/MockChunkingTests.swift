import Testing

@testable import TapedeckServe

@Suite struct MockChunkingTests {
    private let pieces = SSEEventSplitter.split(Fixtures.inlineSample.sse)

    @Test func splitterFindsEventsAndKeepsEveryByte() {
        #expect(pieces.map(\.type) == ["message_start", "content_block_delta", "ping", "message_stop"])
        #expect(pieces.flatMap(\.bytes) == Fixtures.inlineSample.sse)
    }

    @Test func splitterReturnsAFragmentWithoutBlankLine() {
        let stream = Array("event: a\ndata: 1\n\nevent: b\ndata: 2".utf8)
        let split = SSEEventSplitter.split(stream)
        #expect(split.count == 2)
        #expect(split[1].bytes == Array("event: b\ndata: 2".utf8))
        #expect(split.flatMap(\.bytes) == stream)
    }

    @Test func randomChunkingVariesWithTheSeedButConcatenatesExactly() {
        let delays = MockTiming.instant.delays(for: pieces)
        var layouts = Set<[Int]>()
        for seed in UInt64(1)...40 {
            let parts = MockChunking.random(seed: seed).parts(pieces: pieces, delays: delays)
            #expect(parts.flatMap(\.bytes) == Fixtures.inlineSample.sse)
            #expect(parts.allSatisfy { !$0.bytes.isEmpty })
            layouts.insert(parts.map(\.bytes.count))
        }
        #expect(layouts.count > 5)
        // Both merging (fewer parts than events) and splitting (more parts) happen.
        #expect(layouts.contains { $0.count < pieces.count })
        #expect(layouts.contains { $0.count > pieces.count })
    }

    @Test func sameSeedGivesTheSameChunks() {
        let delays = MockTiming.realistic(scale: 1, seed: 3).delays(for: pieces)
        let first = MockChunking.random(seed: 9).parts(pieces: pieces, delays: delays)
        let second = MockChunking.random(seed: 9).parts(pieces: pieces, delays: delays)
        #expect(first == second)
    }

    @Test func chunkingKeepsTheTotalDelay() {
        let delays = MockTiming.realistic(scale: 1, seed: 3).delays(for: pieces)
        for chunking in [MockChunking.whole, .perEvent, .random(seed: 5)] {
            let parts = chunking.parts(pieces: pieces, delays: delays)
            let total = parts.reduce(Int64(0)) { $0 + $1.delayNanos }
            #expect(total == delays.reduce(0, +))
        }
    }

    @Test func realisticTimingScalesAndStartsWithTimeToFirstByte() {
        let real = MockTiming.realistic(scale: 1, seed: 1).delays(for: pieces)
        let fast = MockTiming.realistic(scale: 0.1, seed: 1).delays(for: pieces)
        #expect(real[0] >= 250_000_000 && real[0] <= 450_000_000)
        for (slow, quick) in zip(real, fast) {
            #expect(abs(Double(quick) - Double(slow) / 10) <= 1)
        }
        #expect(MockTiming.realistic(scale: 0).delays(for: pieces).allSatisfy { $0 == 0 })
        #expect(MockTiming.instant.delays(for: pieces) == [0, 0, 0, 0])
    }
}

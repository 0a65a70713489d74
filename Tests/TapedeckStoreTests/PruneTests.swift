import Foundation
import TapedeckCore
import Testing

@testable import TapedeckStore

/// `prune --older-than`: the same deletions on both backends; PostgreSQL drops whole days of events.
@Suite struct PruneTests {
    static let day: Int64 = 86_400_000_000_000

    @Test(arguments: Backend.all) func pruneDeletesOldExchangesTheirEventsAndEmptiedSessions(_ backend: Backend)
        async throws
    {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        let cutoff: Int64 = 1_764_000_000_000_000_000 - 1_764_000_000_000_000_000 % Self.day + Self.day / 2
        // Two days before the cut-off's day (whole partitions), one earlier the same day, two after.
        let starts = [
            cutoff - 3 * Self.day, cutoff - 2 * Self.day, cutoff - 60_000_000_000, cutoff + 1, cutoff + Self.day,
        ]
        for (index, start) in starts.enumerated() {
            try await store.insertOne(Fixtures.exchange(id: "e00000000\(index)", startedAt: start))
        }
        #expect(try await store.sessionCount(.all) == 5)
        let result = try await store.prune(olderThanNanos: cutoff)
        #expect(result.exchanges == 3 && result.sessions == 3)
        #expect(result.droppedPartitions == (backend == .postgres ? 2 : 0))
        #expect(
            try await store.exchanges(ExchangeFilter(order: .oldestFirst)).map(\.id) == ["e000000003", "e000000004"])
        #expect(try await store.totalEventCount() == 2 * Fixtures.events().count)
        #expect(try await store.events(exchangeID: "e000000003") == Fixtures.events())
        #expect(try await store.sessionCount(.all) == 2)
        let again = try await store.prune(olderThanNanos: cutoff)
        #expect(again.exchanges == 0 && again.droppedPartitions == 0)
        // Recording into a pruned day again works (its partition is made anew).
        try await store.insertOne(Fixtures.exchange(id: "e000000009", startedAt: cutoff - 3 * Self.day))
        #expect(try await store.events(exchangeID: "e000000009").count == Fixtures.events().count)
    }
}

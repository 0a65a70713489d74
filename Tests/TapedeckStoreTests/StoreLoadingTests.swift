import Foundation
import TapedeckCore
import Testing

@testable import TapedeckPostgres
@testable import TapedeckStore

/// How the replay loads: a long exchange whole and in order (PostgreSQL reads it in parallel ranges), and a
/// session without its request bodies, each read when a turn needs it.
@Suite struct StoreLoadingTests {
    @Test(arguments: Backend.all) func aLongExchangeLoadsWholeAndInOrderEvenWhenItsCountIsWrong(_ backend: Backend)
        async throws
    {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        let count = PostgresStore.splitEventLoadAt + 1_001
        let events = (0..<count).map { index in
            RecordedEvent(
                sequence: index, offsetNanos: Int64(index) * 1_000, type: "content_block_delta",
                data: #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\#(index) "}}"#,
                raw: Array("data: \(index)\n\n".utf8))
        }
        // The row says fewer events than there are (an exchange cut off mid-count): the last range is open-ended.
        let exchange = RecordedExchange(
            summary: Fixtures.summary(id: "f0000000f1", eventCount: PostgresStore.splitEventLoadAt),
            events: events, trailingBytes: [], trailingOffsetNanos: nil)
        try await store.insert([exchange])
        let loaded = try await store.loadExchange(id: exchange.summary.id)
        #expect(loaded.events.count == count)
        #expect(loaded.events == events)
        #expect(try await store.events(exchangeID: exchange.summary.id) == events)
        try await store.close()
    }

    @Test(arguments: Backend.all) func aSessionLoadedWithoutBodiesReadsEachWhenItsTurnNeedsIt(_ backend: Backend)
        async throws
    {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        var first = Fixtures.exchange(id: "b100000001")
        first.summary.requestHeaders.append(HeaderField(name: "x-claude-code-session-id", value: "lazy-1"))
        var second = Fixtures.exchange(id: "b100000002", startedAt: 1_764_000_005_000_000_000)
        second.summary.requestHeaders = first.summary.requestHeaders
        second.summary.requestBody = Array(
            #"{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello there"},{"role":"user","content":"Again"}]}"#
                .utf8)
        try await store.insert([first, second])
        let sessionID = try #require(try await store.exchange(id: first.summary.id)?.sessionID)
        let lazy = try await store.loadSession(id: sessionID, requestBodiesOnDemand: true)
        #expect(lazy.exchanges.allSatisfy { $0.summary.requestBody.isEmpty })
        #expect(lazy.turns.map(\.requestBody) == [first.summary.requestBody, second.summary.requestBody])
        let eager = try await store.loadSession(id: sessionID, requestBodiesOnDemand: false)
        #expect(eager.exchanges.map(\.summary.requestBody) == [first.summary.requestBody, second.summary.requestBody])
        #expect(lazy.turns == eager.turns)
        #expect(lazy.exchanges.map(\.events) == eager.exchanges.map(\.events))
        try await store.close()
    }
}

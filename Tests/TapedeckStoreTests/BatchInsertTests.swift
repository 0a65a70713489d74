import Foundation
import TapedeckCore
import Testing

@testable import TapedeckStore

/// Importing one file stores all of its exchanges or none of them, on both backends.
@Suite struct BatchInsertTests {
    @Test(arguments: Backend.all) func insertsEveryExchangeOfABatchWithItsEvents(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        let store = try await backend.makeStore(in: dir)
        defer { Task { try? await store.close() } }
        let batch = [
            Fixtures.exchange(), Fixtures.exchange(outcome: .errorEvent),
            Fixtures.exchange(trailing: Array("data: {".utf8)),
        ]
        try await store.insert(batch)
        #expect(try await store.exchangeCount(ExchangeFilter()) == 3)
        for exchange in batch {
            let loaded = try await store.loadExchange(id: exchange.summary.id)
            #expect(loaded.responseBody == exchange.responseBody)
            #expect(loaded.events == exchange.events)
        }
    }

    @Test(arguments: Backend.all) func aDuplicateInTheBatchLeavesNothingOfItBehind(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        let store = try await backend.makeStore(in: dir)
        defer { Task { try? await store.close() } }
        let existing = Fixtures.exchange()
        try await store.insertOne(existing)
        let fresh = Fixtures.exchange()
        await #expect(throws: StoreError.duplicateExchange(id: existing.summary.id)) {
            try await store.insert([fresh, existing])
        }
        #expect(try await store.exchangeCount(ExchangeFilter()) == 1)
        #expect(try await store.exchange(id: fresh.summary.id) == nil)
        #expect(try await store.totalEventCount() == existing.events.count)
    }

    /// PostgreSQL gets a batch's events as a COPY of messages of about 256 KiB, each encoded while the previous
    /// one is inserted: several messages (rows with every byte value and COPY's special characters) arrive whole.
    @Test(arguments: Backend.all) func aBatchOfManyCopyMessagesArrivesWhole(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        let store = try await backend.makeStore(in: dir)
        defer { Task { try? await store.close() } }
        var exchange = Fixtures.exchange()
        let bytes = (0..<2_000).map { UInt8(truncatingIfNeeded: $0) }
        exchange.events = (0..<1_000).map { index in
            let text = "line \(index)\ttab\\back\nnew\r\u{e9}" + String(repeating: "x", count: index % 500)
            let data = #"{"type":"content_block_delta","delta":{"type":"text_delta","text":"\#(text)"}}"#
            return RecordedEvent(
                sequence: index, offsetNanos: Int64(index) * 1_000, type: "content_block_delta", data: data,
                raw: bytes + Array(data.utf8))
        }
        exchange.summary.eventCount = exchange.events.count
        try await store.insert([exchange])
        let loaded = try await store.loadExchange(id: exchange.summary.id)
        #expect(loaded.events == exchange.events)
    }
}

import Foundation
import TapedeckCore
import Testing

@testable import TapedeckStore

/// Importing one file stores all of its exchanges or none of them.
@Suite struct BatchInsertTests {
    @Test func insertsEveryExchangeOfABatchWithItsEvents() throws {
        let dir = try TemporaryDirectory()
        let store = try TapedeckStore(path: dir.path("batch.sqlite"))
        let batch = [
            Fixtures.exchange(), Fixtures.exchange(outcome: .errorEvent),
            Fixtures.exchange(trailing: Array("data: {".utf8)),
        ]
        try store.insert(batch)
        #expect(try store.exchangeCount() == 3)
        for exchange in batch {
            #expect(try store.loadExchange(id: exchange.summary.id).responseBody == exchange.responseBody)
        }
    }

    @Test func aDuplicateInTheBatchLeavesNothingOfItBehind() throws {
        let dir = try TemporaryDirectory()
        let store = try TapedeckStore(path: dir.path("batch.sqlite"))
        let existing = Fixtures.exchange()
        try store.insert(existing)
        let fresh = Fixtures.exchange()
        #expect(throws: StoreError.self) { try store.insert([fresh, existing]) }
        #expect(try store.exchangeCount() == 1)
        #expect(try store.exchange(id: fresh.summary.id) == nil)
        #expect(try store.totalEventCount() == existing.events.count)
    }
}

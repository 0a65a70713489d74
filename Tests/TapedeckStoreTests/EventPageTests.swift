import Foundation
import TapedeckCore
import Testing

@testable import TapedeckStore

/// The paging reads `replay` draws its first screen from: an exchange's row without its events, then pages of
/// events by sequence number, the same on both backends.
@Suite struct EventPageTests {
    /// An exchange of 2 + `words` + 3 events with a trailing fragment, sequence numbers from 0.
    static func long(words: Int) -> RecordedExchange {
        Fixtures.exchange(
            id: "page000001", text: (0..<words).map { " word \($0)" }, trailing: Array("event: ping\nda".utf8))
    }

    @Test(arguments: Backend.all) func pagesReadInTurnAreAllTheEvents(_ backend: Backend) async throws {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        let exchange = Self.long(words: 95)
        try await store.insertOne(exchange)
        try await store.insertOne(Fixtures.exchange(id: "other00001"))

        let head = try await store.loadExchangeWithoutEvents(id: exchange.summary.id)
        #expect(head.events.isEmpty)
        #expect(head.summary == (try await store.exchange(id: exchange.summary.id)))
        #expect(head.summary.eventCount == 100)
        #expect(head.trailingBytes == exchange.trailingBytes)
        #expect(head.trailingOffsetNanos == exchange.trailingOffsetNanos)

        var pages: [[RecordedEvent]] = []
        var next = 0
        while true {
            let page = try await store.events(exchangeID: exchange.summary.id, fromSequence: next, limit: 30)
            pages.append(page)
            guard page.count == 30, let last = page.last else { break }
            next = last.sequence + 1
        }
        #expect(pages.map(\.count) == [30, 30, 30, 10])
        #expect(pages.flatMap { $0 } == exchange.events)
        #expect(pages.flatMap { $0 } == (try await store.events(exchangeID: exchange.summary.id)))
        try await store.close()
    }

    @Test(arguments: Backend.all) func aPageStartsAtASequenceNumberAndSkipsGaps(_ backend: Backend) async throws {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        // Events 3 and 4 were never stored (a recorder that lost them counts them, and leaves a gap).
        var exchange = Self.long(words: 5)
        exchange.events.removeSubrange(3...4)
        try await store.insertOne(exchange)
        let id = exchange.summary.id
        #expect(try await store.events(exchangeID: id, fromSequence: 0, limit: 2).map(\.sequence) == [0, 1])
        #expect(try await store.events(exchangeID: id, fromSequence: 2, limit: 3).map(\.sequence) == [2, 5, 6])
        #expect(try await store.events(exchangeID: id, fromSequence: 4, limit: 100).map(\.sequence) == [5, 6, 7, 8, 9])
        #expect(try await store.events(exchangeID: id, fromSequence: 10, limit: 100).isEmpty)
        #expect(try await store.events(exchangeID: id, fromSequence: 0, limit: 0).isEmpty)
        #expect(try await store.events(exchangeID: "nothere001", fromSequence: 0, limit: 10).isEmpty)
        try await store.close()
    }

    @Test(arguments: Backend.all) func anUnknownExchangeIsNotFound(_ backend: Backend) async throws {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        await #expect {
            _ = try await store.loadExchangeWithoutEvents(id: "nothere001")
        } throws: { error in
            guard case StoreError.exchangeNotFound(let reference, _) = error else { return false }
            return reference == "nothere001"
        }
        try await store.close()
    }
}

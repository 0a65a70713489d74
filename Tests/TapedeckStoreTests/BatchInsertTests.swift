import Foundation
import TapedeckCore
import Testing

@testable import TapedeckStore

/// Importing one file stores all of its sessions or none of them.
@Suite struct BatchInsertTests {
    @Test func insertsEverySessionOfABatchWithItsEvents() throws {
        let dir = try TemporaryDirectory()
        let store = try TapedeckStore(path: dir.path("batch.sqlite"))
        let batch = [
            Fixtures.session(), Fixtures.session(outcome: .errorEvent),
            Fixtures.session(trailing: Array("data: {".utf8)),
        ]
        try store.insert(batch)
        #expect(try store.sessionCount() == 3)
        for session in batch {
            #expect(try store.loadSession(id: session.summary.id).responseBody == session.responseBody)
        }
    }

    @Test func aDuplicateInTheBatchLeavesNothingOfItBehind() throws {
        let dir = try TemporaryDirectory()
        let store = try TapedeckStore(path: dir.path("batch.sqlite"))
        let existing = Fixtures.session()
        try store.insert(existing)
        let fresh = Fixtures.session()
        #expect(throws: StoreError.self) { try store.insert([fresh, existing]) }
        #expect(try store.sessionCount() == 1)
        #expect(try store.session(id: fresh.summary.id) == nil)
        #expect(try store.totalEventCount() == existing.events.count)
    }
}

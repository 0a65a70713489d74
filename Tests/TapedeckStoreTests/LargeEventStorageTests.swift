import Foundation
import GRDB
import TapedeckCore
import Testing

@testable import TapedeckStore

/// A large event is written into its row in pieces (issue 11 item 5): SQLite builds a row holding `data` only and
/// `raw` is filled in place. What is stored must be the event byte for byte, and an event that cannot be stored
/// must leave no half-written row.
@Suite struct LargeEventStorageTests {
    /// An event of `textBytes` bytes of text (non-ASCII included), parsed as the proxy parses it, so its text lives
    /// in its bytes.
    private static func largeEvent(sequence: Int, textBytes: Int) -> RecordedEvent {
        let text = String(repeating: "ab é ✓ ", count: textBytes / 12 + 1)
        let raw = Array(
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"\(text)\"}}\n\n"
                .utf8)
        var parser = SSEParser()
        let parsed = parser.feed(raw)
        return RecordedEvent(
            sequence: sequence, offsetNanos: Int64(sequence) * 1_000, type: parsed[0].type, payload: parsed[0].payload)
    }

    @Test func aLargeEventIsStoredByteForByte() throws {
        let directory = try TemporaryDirectory()
        let store = try TapedeckStore(path: directory.path("large.sqlite"))
        var exchange = Fixtures.exchange()
        let small = exchange.events
        // Not a whole number of write pieces, and larger than one.
        let big = Self.largeEvent(sequence: 2, textBytes: 3 * EventInserter.rawPieceBytes + 17)
        #expect(big.raw.count >= EventInserter.incrementalRawBytes)
        #expect(big.payload.dataIsInRaw)
        exchange.events = [small[0], small[1], big, small[2].renumbered(3)]
        exchange.summary.eventCount = exchange.events.count
        try store.insert(exchange)

        let loaded = try store.loadExchange(id: exchange.summary.id)
        // Compared as booleans: a failure must not print megabytes.
        let sameRaw = loaded.events.map(\.raw) == exchange.events.map(\.raw)
        let sameData = loaded.events.map(\.data) == exchange.events.map(\.data)
        #expect(sameRaw)
        #expect(sameData)
        #expect(loaded.events.map(\.sequence) == [0, 1, 2, 3])
        let types = try store.read("checking types") { db in
            try Row.fetchAll(db, sql: "SELECT typeof(data), typeof(raw), json_valid(data) FROM events WHERE seq = 2")
        }
        #expect(types.first?[0] as String? == "text")
        #expect(types.first?[1] as String? == "blob")
        #expect(types.first?[2] as Int? == 1)
        // The writer's page cache is back to its size once the large event is written.
        #expect(
            try store.write("reading the cache size") { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") } == -32768
        )
    }

    @Test func aLargeNonStreamingBodyIsStoredWhole() throws {
        let directory = try TemporaryDirectory()
        let store = try TapedeckStore(path: directory.path("body.sqlite"))
        var summary = Fixtures.summary(outcome: .inProgress, eventCount: 0)
        try store.insert(RecordedExchange(summary: summary, events: [], trailingBytes: [], trailingOffsetNanos: nil))
        let body = (0..<(3 << 20) + 5).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        summary.outcome = .nonStreaming
        summary.isStreaming = false
        try store.write("finishing") { db in
            try SQLiteTransaction(db: db).updateProgress(
                ExchangeProgress(summary: summary, droppedEvents: 0, note: nil, trailing: (body, 42)))
        }
        let loaded = try store.loadExchange(id: summary.id)
        let same = loaded.trailingBytes == body
        #expect(same)
        #expect(loaded.trailingOffsetNanos == 42)
        #expect(loaded.summary.outcome == .nonStreaming)
        #expect(
            try store.write("reading the cache size") { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") } == -32768
        )
    }

    @Test func aTextWithANULIsReadBackWhole() throws {
        let directory = try TemporaryDirectory()
        let store = try TapedeckStore(path: directory.path("nul.sqlite"))
        var exchange = Fixtures.exchange()
        // An SSE data line may carry a NUL byte; the row keeps it (bound with its length) and reading keeps it too.
        let withNUL = RecordedEvent(
            sequence: exchange.events.count, offsetNanos: 9_000, type: "message", data: "a\u{0}b",
            raw: Array("data: a\u{0}b\n\n".utf8))
        exchange.events.append(withNUL)
        exchange.summary.eventCount = exchange.events.count
        try store.insert(exchange)
        #expect(try store.loadExchange(id: exchange.summary.id).events.last?.data == "a\u{0}b")
        #expect(
            try store.events(exchangeID: exchange.summary.id, fromSequence: withNUL.sequence, limit: 1) == [withNUL])
    }

    @Test func aRefusedLargeEventLeavesNoRowAndTheOthersAreKept() throws {
        let directory = try TemporaryDirectory()
        let store = try TapedeckStore(path: directory.path("refused.sqlite"))
        let exchange = Fixtures.exchange()
        var summary = exchange.summary
        summary.outcome = .inProgress
        try store.insert(RecordedExchange(summary: summary, events: [], trailingBytes: [], trailingOffsetNanos: nil))
        let big = Self.largeEvent(sequence: 1, textBytes: 2 * EventInserter.incrementalRawBytes)
        var other = Self.largeEvent(sequence: 1, textBytes: EventInserter.incrementalRawBytes)
        other.offsetNanos = 7
        var refusals: [String] = []
        // The second event at seq 1 is refused by the primary key: its savepoint goes, the transaction goes on.
        let events = [exchange.events[0], big, other, exchange.events[2].renumbered(2)]
        let written = try store.write("writing") { db in
            try SQLiteTransaction(db: db).insertEvents(events, exchangeID: summary.id) { error in
                refusals.append("\(error)")
            }
        }
        #expect(written == 3)
        #expect(refusals.count == 1)
        #expect(refusals.first?.contains("UNIQUE") == true, "\(refusals.first?.prefix(300) ?? "")")
        let loaded = try store.events(exchangeID: summary.id)
        #expect(loaded.map(\.sequence) == [0, 1, 2])
        let keptTheFirst = loaded.count == 3 && loaded[1].raw == big.raw && loaded[1].offsetNanos == big.offsetNanos
        #expect(keptTheFirst)
    }

    @Test func aFullDiskInTheMiddleOfABatchFailsItWholeAndEveryLossIsCounted() async throws {
        let directory = try TemporaryDirectory()
        let store = try TapedeckStore(path: directory.path("batch.sqlite"))
        let recorder = ExchangeRecorder(
            database: SQLiteRecorderDatabase(store: store), lock: nil,
            configuration: .init(retryWindow: .milliseconds(300), closeRetryWindow: .milliseconds(300)))
        let summary = Fixtures.summary(outcome: .inProgress, eventCount: 0)
        recorder.begin(summary)
        await recorder.flush()
        // Room for small rows, not for the large event: SQLite rolls the whole transaction back part way through
        // the batch. The events after it must not be written one by one outside it while the batch is counted lost.
        try store.write("limiting the file") { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(pages + 64)")
        }
        let small = Fixtures.exchange().events
        let events = [
            small[0].renumbered(0), Self.largeEvent(sequence: 1, textBytes: 2 * EventInserter.incrementalRawBytes),
            small[2].renumbered(2), small[3].renumbered(3),
        ]
        recorder.append(exchangeID: summary.id, events: events)
        await recorder.close()
        let stored = try store.events(exchangeID: summary.id).count
        #expect(stored == 0, "events written outside the failed batch")
        #expect(stored + recorder.statistics.droppedEvents == events.count, "\(recorder.statistics)")
    }

    @Test func aLargeEventOnAFullDiskLeavesNothingOfTheImportAndTheFileWorks() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("full.sqlite")
        let store = try TapedeckStore(path: path)
        var exchange = Fixtures.exchange()
        exchange.events.insert(Self.largeEvent(sequence: 2, textBytes: 2 * EventInserter.incrementalRawBytes), at: 2)
        exchange.events = exchange.events.enumerated().map { $0.element.renumbered($0.offset) }
        exchange.summary.eventCount = exchange.events.count
        // Room for small rows, not for two megabytes: the file is full part way through the large event, which
        // SQLite answers by rolling the whole transaction back.
        try store.write("limiting the file") { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(pages + 64)")
        }
        #expect(throws: StoreError.self) { try store.insert(exchange) }
        #expect(try store.exchangeCount() == 0)
        #expect(try store.totalEventCount() == 0)
        try store.write("lifting the limit") { db in try db.execute(sql: "PRAGMA max_page_count = 1073741823") }
        try store.insert(exchange)
        let loaded = try store.loadExchange(id: exchange.summary.id)
        let same = loaded.events.map(\.raw) == exchange.events.map(\.raw)
        #expect(same)
    }
}

extension RecordedEvent {
    /// The event at position `sequence`.
    fileprivate func renumbered(_ sequence: Int) -> RecordedEvent {
        var event = self
        event.sequence = sequence
        return event
    }
}

import Foundation
import TapedeckCore
import TapedeckPostgres
import Testing

@testable import TapedeckStore

/// Events travel to PostgreSQL in COPY text format: every awkward byte must come back as it went in, on both
/// backends; and what a store refuses fails alone, on both backends alike.
@Suite struct RecorderRefusalTests {
    /// Text with every character COPY's text format escapes or might mangle, and raw bytes 0x00-0xFF.
    static func awkwardEvents() -> [RecordedEvent] {
        let texts = [
            "tab\there", "line\nbreak", "carriage\rreturn", "back\\slash \\N \\. \\x00 \\\\", "\\", "\t\n\r\\",
            "naïve über → 日本語 🎉", "", "ends with backslash \\", "\u{7F}\u{01}\u{1B}[0m", "\\.\n",
        ]
        var events = texts.enumerated().map { index, text in
            RecordedEvent(
                sequence: index, offsetNanos: Int64(index) * 1_000, type: "t\t\(index)\\", data: text,
                raw: Array("data: \(text)\n\n".utf8))
        }
        events.append(
            RecordedEvent(
                sequence: texts.count, offsetNanos: -5, type: "bytes", data: "every byte",
                raw: (0...255).map { UInt8($0) }))
        events.append(
            RecordedEvent(
                sequence: texts.count + 1, offsetNanos: Int64.max, type: "empty", data: "\\N", raw: []))
        return events
    }

    @Test(arguments: Backend.all) func awkwardBytesComeBackExactlyThroughTheRecorderAndAnImport(backend: Backend)
        async throws
    {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        let events = Self.awkwardEvents()
        let recorder = store.makeRecorder()
        let recorded = Fixtures.summary(id: "a0000000a1", eventCount: events.count)
        recorder.begin(recorded)
        recorder.append(exchangeID: recorded.id, events: events)
        recorder.finish(recorded, trailing: [0, 9, 10, 92, 255], trailingOffsetNanos: 7)
        await recorder.close()
        #expect(recorder.statistics.writeErrors == 0, "\(recorder.statistics)")
        #expect(try await store.events(exchangeID: recorded.id) == events)
        let imported = RecordedExchange(
            summary: Fixtures.summary(id: "a0000000a2", startedAt: 1_764_100_000_000_000_000),
            events: events, trailingBytes: [], trailingOffsetNanos: nil)
        try await store.insert([imported])
        #expect(try await store.loadExchange(id: imported.summary.id).events == events)
        try await store.close()
    }

    @Test(arguments: Backend.all) func aRefusedStatementFailsAloneAndTheRestOfItsBatchIsKept(backend: Backend)
        async throws
    {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        try await store.insert([Fixtures.exchange(id: "d0000000d1")])
        let recorder = store.makeRecorder(configuration: .init(closeRetryWindow: .milliseconds(200)), onNotice: nil)
        // The same id again: the store refuses that row. On PostgreSQL the refusal aborts the transaction; the
        // exchanges before and after it in the same batch must still be stored, as on SQLite.
        let duplicate = Fixtures.summary(id: "d0000000d1")
        let before = Fixtures.summary(id: "d0000000d0", startedAt: duplicate.startedAtNanos - 1_000_000_000)
        let after = Fixtures.summary(id: "d0000000d2", startedAt: duplicate.startedAtNanos + 1_000_000_000)
        recorder.begin(before)
        recorder.append(exchangeID: before.id, events: Fixtures.events())
        recorder.begin(duplicate)
        recorder.begin(after)
        recorder.append(exchangeID: after.id, events: Fixtures.events())
        recorder.finish(before, trailing: [], trailingOffsetNanos: nil)
        recorder.finish(after, trailing: [], trailingOffsetNanos: nil)
        await recorder.close()
        let statistics = recorder.statistics
        let perExchange = Fixtures.events().count
        #expect(statistics.writtenEvents == 2 * perExchange && statistics.droppedEvents == 0, "\(statistics)")
        #expect(statistics.writeErrors == 1, "\(statistics)")
        #expect(try await store.totalEventCount() == 3 * perExchange)
        for id in [before.id, after.id] {
            #expect(try await store.exchange(id: id)?.outcome == .complete)
            #expect(try await store.events(exchangeID: id) == Fixtures.events())
        }
        try await store.close()
    }

    @Test(arguments: Backend.all) func aRefusedEventFailsAloneAndIsCountedDropped(backend: Backend) async throws {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        let recorder = store.makeRecorder()
        let summary = Fixtures.summary(id: "e0000000e1")
        var events = Fixtures.events()
        // A sequence number already recorded in the same batch: the primary key refuses that event alone.
        let repeated = RecordedEvent(
            sequence: events[1].sequence, offsetNanos: 1, type: "ping", data: "{}", raw: Array("data: {}\n\n".utf8))
        recorder.begin(summary)
        recorder.append(exchangeID: summary.id, events: Array(events[0..<3]))
        recorder.append(exchangeID: summary.id, events: [repeated])
        recorder.append(exchangeID: summary.id, events: Array(events[3...]))
        recorder.finish(summary, trailing: [], trailingOffsetNanos: nil)
        await recorder.close()
        let statistics = recorder.statistics
        #expect(statistics.writtenEvents == events.count && statistics.droppedEvents == 1, "\(statistics)")
        events = try await store.events(exchangeID: summary.id)
        #expect(events == Fixtures.events())
        #expect(try await store.exchange(id: summary.id)?.droppedEvents == 1)
        try await store.close()
    }

    @Test(arguments: Backend.all) func eventsOfAnExchangeNeverStoredAreRefusedNotKept(backend: Backend) async throws {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        let recorder = store.makeRecorder()
        let kept = Fixtures.summary(id: "e0000000e2")
        recorder.begin(kept)
        recorder.append(exchangeID: "e0000000e9", events: Fixtures.events())
        recorder.append(exchangeID: kept.id, events: Fixtures.events())
        recorder.finish(kept, trailing: [], trailingOffsetNanos: nil)
        await recorder.close()
        let statistics = recorder.statistics
        #expect(statistics.writtenEvents == Fixtures.events().count, "\(statistics)")
        #expect(statistics.droppedEvents == Fixtures.events().count, "\(statistics)")
        #expect(try await store.totalEventCount() == Fixtures.events().count)
        try await store.close()
    }
}

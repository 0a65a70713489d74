import Foundation
import GRDB
import TapedeckCore
import TapedeckPostgres
import Testing

@testable import TapedeckStore

@Suite struct ExchangeRecorderTests {
    @Test(arguments: Backend.all) func recordsAnExchangeAndRebuildsTheBodyByteForByte(_ backend: Backend) async throws {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        let recorder = store.makeRecorder()
        var summary = Fixtures.summary(outcome: .inProgress, model: nil, ttftMillis: nil, eventCount: 0)
        summary.stopReason = nil
        let events = Fixtures.events()
        let trailing = Array("event: content_block_delta\r\ndata: {\"type\":\"content_blo".utf8)
        recorder.begin(summary)
        recorder.append(exchangeID: summary.id, events: Array(events[0..<2]))
        summary.model = "claude-sonnet-4-5"
        summary.ttftNanos = 3_000_000
        recorder.update(summary)
        recorder.append(exchangeID: summary.id, events: Array(events[2...]))
        summary.outcome = .upstreamDisconnect
        summary.eventCount = events.count
        summary.durationNanos = 99_000_000
        recorder.finish(summary, trailing: trailing, trailingOffsetNanos: 99_000_000)
        await recorder.flush()

        let loaded = try await store.loadExchange(id: summary.id)
        // The writer put the exchange in a session of its own, as the first turn of its own thread.
        #expect(loaded.summary.sessionID != nil && loaded.summary.threadID == summary.id && loaded.summary.turn == 1)
        summary.sessionID = loaded.summary.sessionID
        summary.threadID = summary.id
        summary.turn = 1
        #expect(loaded.summary == summary)
        #expect(loaded.events == events)
        #expect(loaded.trailingBytes == trailing)
        #expect(loaded.trailingOffsetNanos == 99_000_000)
        let original = events.flatMap(\.raw) + trailing
        #expect(loaded.responseBody == original)
        let stats = recorder.statistics
        #expect(stats.writtenEvents == events.count)
        #expect(stats.droppedEvents == 0)
        #expect(stats.writeErrors == 0)
        await recorder.close()
    }

    @Test(arguments: Backend.all) func anExchangeIsVisibleWhileItStreams(_ backend: Backend) async throws {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        let recorder = store.makeRecorder()
        let summary = Fixtures.summary(outcome: .complete)
        recorder.begin(summary)
        recorder.append(exchangeID: summary.id, events: Array(Fixtures.events()[0..<3]))
        await recorder.flush()
        let live = try #require(try await store.exchange(id: summary.id))
        #expect(live.outcome == .inProgress)
        #expect(try await store.events(exchangeID: summary.id).count == 3)
        // A reader in another connection sees it too.
        let reader: any RecordingStore =
            backend == .sqlite
            ? try TapedeckStore(path: store.location, readOnly: true)
            : try await (try #require(store as? PostgresStore)).reopened(readOnly: true)
        #expect(try await reader.resolve("latest").id == summary.id)
        await recorder.close()
    }

    @Test func batchesAreWrittenWithinFiftyMillisecondsWithoutAFlush() async throws {
        let directory = try TemporaryDirectory()
        let store = try TapedeckStore(path: directory.path("timer.sqlite"))
        let recorder = store.makeRecorder()
        let summary = Fixtures.summary()
        recorder.begin(summary)
        recorder.append(exchangeID: summary.id, events: Fixtures.events())
        // No signal exists for "written by the timer", so poll with a generous deadline.
        let deadline = ContinuousClock.now + .seconds(5)
        var stored = 0
        while stored < 7 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
            stored = try store.events(exchangeID: summary.id).count
        }
        #expect(stored == 7)
        await recorder.close()
    }

    @Test(arguments: Backend.all) func closeWritesEverythingQueuedAndLaterCallsAreCounted(_ backend: Backend)
        async throws
    {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        let recorder = store.makeRecorder(configuration: .init(maxBatchDelay: .milliseconds(50)), onNotice: nil)
        var ids: [String] = []
        for index in 0..<50 {
            var summary = Fixtures.summary(startedAt: 1_764_000_000_000_000_000 + Int64(index))
            ids.append(summary.id)
            recorder.begin(summary)
            recorder.append(exchangeID: summary.id, events: Fixtures.events())
            summary.outcome = .complete
            recorder.finish(summary, trailing: [], trailingOffsetNanos: nil)
        }
        await recorder.close()
        #expect(try await store.exchangeCount(.all) == 50)
        #expect(try await store.totalEventCount() == 50 * 7)
        #expect(try await store.exchanges(ExchangeFilter(outcomes: [.complete])).count == 50)
        #expect(recorder.statistics.writtenEvents == 350)
        #expect(recorder.statistics.batches < 50)
        recorder.append(exchangeID: ids[0], events: Fixtures.events())
        #expect(recorder.statistics.droppedEvents == 7)
        await recorder.flush()
        await recorder.close()
    }

    @Test(arguments: Backend.all) func concurrentProducersLoseNothingAndKeepOrder(_ backend: Backend) async throws {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        let recorder = store.makeRecorder(
            configuration: .init(batchEventThreshold: 64, maxTransactionEvents: 100), onNotice: nil)
        let template = (0..<60).map { index in
            RecordedEvent(
                sequence: index, offsetNanos: Int64(index) * 1000, type: "content_block_delta",
                data: "{\"n\":\(index)}",
                raw: Array("data: {\"n\":\(index)}\n\n".utf8))
        }
        let ids = (0..<40).map { String(format: "c0%08x", $0) }
        await withTaskGroup(of: Void.self) { group in
            for producer in 0..<8 {
                group.addTask {
                    for id in ids[(producer * 5)..<(producer * 5 + 5)] {
                        var summary = Fixtures.summary(id: id, outcome: .inProgress)
                        recorder.begin(summary)
                        var position = 0
                        var step = 1
                        while position < template.count {
                            let end = min(template.count, position + step)
                            recorder.append(exchangeID: id, events: Array(template[position..<end]))
                            position = end
                            step = step % 5 + 1
                        }
                        summary.outcome = .complete
                        summary.eventCount = template.count
                        recorder.finish(summary, trailing: [], trailingOffsetNanos: nil)
                    }
                }
            }
        }
        await recorder.close()
        #expect(recorder.statistics.writtenEvents == 40 * 60)
        #expect(recorder.statistics.droppedEvents == 0)
        #expect(recorder.statistics.writeErrors == 0)
        for id in ids {
            let exchange = try await store.loadExchange(id: id)
            #expect(exchange.events == template)
            #expect(exchange.summary.outcome == .complete)
        }
    }

    @Test func aBacklogIsWrittenInBoundedTransactions() async throws {
        let directory = try TemporaryDirectory()
        let store = try TapedeckStore(path: directory.path("chunks.sqlite"))
        let recorder = store.makeRecorder(configuration: .init(maxTransactionEvents: 10))
        let summary = Fixtures.summary()
        recorder.begin(summary)
        for round in 0..<10 {
            let events = Fixtures.events().map { event -> RecordedEvent in
                var event = event
                event.sequence += round * 7
                return event
            }
            recorder.append(exchangeID: summary.id, events: events)
        }
        await recorder.close()
        #expect(try store.events(exchangeID: summary.id).map(\.sequence) == Array(0..<70))
        // Each transaction stops once it holds 10 events, so it holds fewer than 10 + 7.
        #expect(recorder.statistics.batches >= 5)
        #expect(recorder.statistics.writtenEvents == 70)
    }

    @Test func eventsOverTheQueueCapAreDroppedAndCountedOnTheExchange() async throws {
        let directory = try TemporaryDirectory()
        let store = try TapedeckStore(path: directory.path("cap.sqlite"))
        let recorder = store.makeRecorder(configuration: .init(maxQueuedEvents: 5))
        var summary = Fixtures.summary(outcome: .inProgress)
        recorder.begin(summary)
        let events = Fixtures.events()
        recorder.append(exchangeID: summary.id, events: events)  // 7 > 5: dropped whatever the queue holds
        await recorder.flush()
        #expect(try store.exchange(id: summary.id)?.droppedEvents == 7)
        summary.outcome = .complete
        summary.droppedEvents = 1  // a loss the caller counted itself adds to the store's
        recorder.finish(summary, trailing: [], trailingOffsetNanos: nil)
        await recorder.close()
        let stored = try #require(try store.exchange(id: summary.id))
        #expect(stored.droppedEvents == 8)
        #expect(stored.outcome == .complete)
        #expect(recorder.statistics.droppedEvents == 7)
        #expect(try store.events(exchangeID: summary.id).isEmpty)
    }

    @Test func badOperationsAreCountedWithoutLosingTheRestOfTheBatch() async throws {
        let directory = try TemporaryDirectory()
        let store = try TapedeckStore(path: directory.path("bad.sqlite"))
        let recorder = store.makeRecorder()
        let good = Fixtures.summary()
        recorder.begin(good)
        recorder.append(exchangeID: "nosuchexchange", events: Fixtures.events())
        recorder.append(exchangeID: good.id, events: Fixtures.events())
        recorder.begin(good)  // duplicate id
        await recorder.close()
        #expect(try store.events(exchangeID: good.id).count == 7)
        let stats = recorder.statistics
        #expect(stats.writtenEvents == 7)
        #expect(stats.droppedEvents == 7)
        #expect(stats.writeErrors == 8)
        #expect(stats.lastError != nil)
    }

    @Test func anInterruptedRecorderLeavesExchangesThatTheNextStartMarks() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("crash.sqlite")
        let store = try TapedeckStore(path: path)
        let recorder = store.makeRecorder()
        let summary = Fixtures.summary(outcome: .inProgress, eventCount: 0)
        recorder.begin(summary)
        recorder.append(exchangeID: summary.id, events: Array(Fixtures.events()[0..<4]))
        await recorder.flush()
        let finished = Fixtures.exchange()
        try store.insert(finished)

        // While that recorder lives, a second start must not mark its exchanges: they are still streaming.
        let concurrent = try TapedeckStore(path: path)
        #expect(try concurrent.markInterruptedExchanges() == 0)
        #expect(Fixtures.mode(path + "-lock") == 0o600)
        #expect(try concurrent.exchange(id: summary.id)?.outcome == .inProgress)

        // The recorder stops without finishing the exchange (as a crash would), then the "next start".
        await recorder.close()
        let restarted = try TapedeckStore(path: path)
        #expect(try restarted.markInterruptedExchanges() == 1)
        let marked = try restarted.loadExchange(id: summary.id)
        #expect(marked.summary.outcome == .interrupted)
        #expect(marked.summary.eventCount == 4)
        #expect(marked.events.count == 4)
        #expect(marked.summary.note?.contains("interrupted") == true)
        #expect(try restarted.exchange(id: finished.summary.id)?.outcome == .complete)
        #expect(try restarted.markInterruptedExchanges() == 0)
    }
}

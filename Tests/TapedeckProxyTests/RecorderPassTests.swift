import Dispatch
import Foundation
import NIOCore
import TapedeckCore
import Testing

@testable import TapedeckProxy
@testable import TapedeckStore

/// Issue 13: the capture queue and the store writer share one thread, so what a flush window gathered from every
/// exchange costs one wake-up and one transaction; while the database refuses, the event-loop side is never held
/// up and nothing is lost.
@Suite(.timeLimit(.minutes(1))) struct RecorderPassTests {
    static let head: [HeaderField] = [HeaderField(name: "content-type", value: "text/event-stream")]
    static let event = "event: ping\ndata: {\"type\":\"ping\"}\n\n"

    private static func start(_ recorder: StoreCaptureRecorder) -> any ExchangeRecording {
        let recording = recorder.beginExchange(
            ExchangeStart(startedAtNanos: 1, method: "POST", path: "/v1/messages", query: nil, requestHeaders: []))
        recording.requestBody(ByteBuffer(string: "{}"))
        recording.requestEnd()
        recording.responseHead(status: 200, headers: head, atNanos: 1)
        return recording
    }

    @Test func isolatedEventsOfManyExchangesInOneWindowAreWrittenInOneTransaction() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tapedeck-pass-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (store, database, recorder) = try CountingRecorderDatabase.makeRecorder(in: directory, window: 60)
        let first = Self.start(recorder)
        first.responseBody(ByteBuffer(string: Self.event), atNanos: 2)
        first.finish(.upstreamFinished, atNanos: 3, detail: nil, losses: [])
        await recorder.flush()
        // The recorder thread now lets its 60 s window go by: everything below waits for the next pass.
        let before = database.commits

        let exchanges = 20
        let eventsEach = 3
        let recordings = (0..<exchanges).map { _ in Self.start(recorder) }
        for index in 0..<eventsEach {
            for recording in recordings {
                recording.responseBody(ByteBuffer(string: Self.event), atNanos: Int64(10 + index))
            }
        }
        for recording in recordings { recording.finish(.upstreamFinished, atNanos: 20, detail: nil, losses: []) }
        #expect(database.commits == before, "nothing is written before the window ends")

        await recorder.flush()
        #expect(database.commits == before + 1, "one transaction for the window, across \(exchanges) exchanges")
        let summaries = try store.exchanges()
        #expect(summaries.count == exchanges + 1)
        #expect(summaries.filter { $0.eventCount == eventsEach }.count == exchanges)
        #expect(try store.totalEventCount() == exchanges * eventsEach + 1)
        #expect(recorder.exchangeRecorder.statistics.writtenEvents == exchanges * eventsEach + 1)
        await recorder.exchangeRecorder.close()
    }

    @Test func aQueueFillingWithinTheWindowIsTakenAtOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tapedeck-pass-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try TapedeckStore(path: directory.appendingPathComponent("pass.sqlite").path)
        let exchangeRecorder = ExchangeRecorder(
            database: CountingRecorderDatabase(store: store), lock: nil, configuration: .init())
        let recorder = StoreCaptureRecorder(exchangeRecorder: exchangeRecorder, maxQueueBytes: 1 << 20, flushWindow: 60)
        let first = Self.start(recorder)
        first.finish(.upstreamFinished, atNanos: 3, detail: nil, losses: [])
        await recorder.flush()
        // The recorder thread now lets its 60 s window go by. A fast upstream's body passes half the queue's cap:
        // the thread takes it at once, before the rest of the body would pass the cap.
        let body = Self.start(recorder)
        for index in 0..<3 { body.responseBody(ByteBuffer(repeating: 0x62, count: 200_000), atNanos: Int64(4 + index)) }
        let deadline = ContinuousClock.now + .seconds(20)
        while recorder.queuedBytes > 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(recorder.queuedBytes == 0, "the queue waited for the window's end")
        body.finish(.upstreamFinished, atNanos: 10, detail: nil, losses: [])
        await recorder.flush()
        await exchangeRecorder.close()
    }

    @Test func whileTheDatabaseRefusesStepsAreStillAppliedAndNothingIsLost() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tapedeck-pass-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (store, database, recorder) = try CountingRecorderDatabase.makeRecorder(in: directory, window: 0.05)
        database.refuse(true)
        let recording = Self.start(recorder)
        // Wait until the recorder thread is retrying a refused transaction, then finish the exchange.
        await database.untilRefused()
        for index in 0..<5 { recording.responseBody(ByteBuffer(string: Self.event), atNanos: Int64(10 + index)) }
        recording.finish(.upstreamFinished, atNanos: 20, detail: nil, losses: [])

        // The recorder applies the steps between its retries: a drain (what `record` does before closing) returns
        // although nothing could be written.
        await recorder.drain()
        #expect(database.commits == 0)

        database.refuse(false)
        await recorder.flush()
        let summary = try #require(try store.exchanges().first)
        #expect(try store.events(exchangeID: summary.id).count == 5)
        #expect(summary.droppedEvents == 0 && summary.outcome != .inProgress)
        let statistics = recorder.exchangeRecorder.statistics
        #expect(statistics.droppedEvents == 0 && statistics.writtenEvents == 5 && statistics.writeErrors > 0)
        await recorder.exchangeRecorder.close()
    }
}

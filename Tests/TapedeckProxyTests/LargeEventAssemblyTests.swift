import Foundation
import NIOCore
import TapedeckCore
import Testing

@testable import TapedeckProxy
@testable import TapedeckStore

/// Issue 11 item 5: a large event is assembled only after the store has written it, so its bytes, the row the
/// store builds from them and the text assembled from them are never all in memory at once.
@Suite(.timeLimit(.minutes(1))) struct LargeEventAssemblyTests {
    static let head: [HeaderField] = [HeaderField(name: "content-type", value: "text/event-stream")]
    static let textBytes = CaptureExchange.assemblyAfterWriteBytes + 4096

    /// The stream of one answer whose single text delta is `textBytes` long, with `message_delta` and
    /// `message_stop` after it.
    static let stream: (start: String, large: String, end: String) = (
        start: "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"x\","
            + "\"role\":\"assistant\",\"content\":[],\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
        large: "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + String(repeating: "a", count: textBytes) + "\"}}\n\n",
        end: "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
            + "\"usage\":{\"output_tokens\":7}}\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
    )

    private static func exchange() -> CaptureExchange {
        var exchange = CaptureExchange(
            id: "large",
            start: ExchangeStart(
                startedAtNanos: 0, method: "POST", path: "/v1/messages", query: nil, requestHeaders: []),
            redactor: HeaderRedactor())
        _ = exchange.responseHead(status: 200, headers: head, atNanos: 1)
        return exchange
    }

    @Test func theLargeEventAndThoseAfterItWaitForAssemblyButAreRecordedAtOnce() throws {
        var exchange = Self.exchange()
        _ = exchange.responseBody(Array(Self.stream.start.utf8), atNanos: 2)
        let (events, _) = exchange.responseBody(Array((Self.stream.large + Self.stream.end).utf8), atNanos: 3)
        #expect(
            events.map(\.type) == [
                "content_block_delta", "content_block_stop", "message_delta", "message_stop",
            ])
        #expect(events.map(\.sequence) == [2, 3, 4, 5])
        #expect(exchange.isHoldingAssembly)
        #expect(exchange.message.content.first?.textStorage.utf8Count == 0, "not assembled before the write")
        #expect(exchange.summary.ttftNanos == nil)

        let update = exchange.assembleHeld()
        #expect(!exchange.isHoldingAssembly)
        #expect(update?.ttftNanos == 3, "the first content delta's arrival, not the assembly's")
        #expect(exchange.message.content.first?.textStorage.utf8Count == Self.textBytes)
        #expect(exchange.message.isComplete)

        let result = exchange.finish(.upstreamFinished, atNanos: 4, detail: nil)
        #expect(result.summary.outcome == .complete)
        #expect(result.summary.stopReason == "end_turn")
        #expect(result.answer?.arrayValue?.first?["text"]?.stringValue?.utf8.count == Self.textBytes)
    }

    @Test func finishingWhileEventsAreHeldAssemblesThemFirst() throws {
        var exchange = Self.exchange()
        _ = exchange.responseBody(Array((Self.stream.start + Self.stream.large + Self.stream.end).utf8), atNanos: 2)
        #expect(exchange.isHoldingAssembly)
        let result = exchange.finish(.upstreamFinished, atNanos: 4, detail: nil)
        #expect(result.summary.outcome == .complete)
        #expect(result.summary.outputTokens == 7)
        #expect(result.summary.eventCount == 6)
        #expect(result.answer?.arrayValue?.first?["text"]?.stringValue?.utf8.count == Self.textBytes)
    }

    @Test func theRecorderWritesTheLargeEventBeforeItAssemblesAndFinishesTheExchange() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tapedeck-large-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (store, database, recorder) = try CountingRecorderDatabase.makeRecorder(in: directory, window: 60)
        let exchangeRecorder = recorder.exchangeRecorder
        // A first exchange, so the recorder thread then lets its 60 s window go by and takes everything below in
        // one pass.
        let warmUp = recorder.beginExchange(
            ExchangeStart(startedAtNanos: 1, method: "POST", path: "/v1/messages", query: nil, requestHeaders: []))
        warmUp.finish(.upstreamFinished, atNanos: 2, detail: nil, losses: [])
        await recorder.flush()
        let before = database.commits

        let recording = recorder.beginExchange(
            ExchangeStart(startedAtNanos: 10, method: "POST", path: "/v1/messages", query: nil, requestHeaders: []))
        recording.requestBody(ByteBuffer(string: "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
        recording.requestEnd()
        recording.responseHead(status: 200, headers: Self.head, atNanos: 11)
        recording.responseBody(ByteBuffer(string: Self.stream.start), atNanos: 12)
        recording.responseBody(ByteBuffer(string: Self.stream.large), atNanos: 13)
        recording.responseBody(ByteBuffer(string: Self.stream.end), atNanos: 14)
        recording.finish(.upstreamFinished, atNanos: 15, detail: nil, losses: [])
        await recorder.flush()

        // One pass: the large event's transaction, then (after the assembly) the rest and the finish in a second.
        #expect(database.commits == before + 2)
        let summary = try #require(try store.exchanges().first { $0.startedAtNanos == 10 })
        #expect(summary.outcome == .complete)
        #expect(summary.stopReason == "end_turn")
        #expect(summary.eventCount == 6)
        #expect(summary.ttftNanos == 13)
        let events = try store.events(exchangeID: summary.id)
        #expect(events.map(\.sequence) == Array(0..<6))
        #expect(events[2].raw == Array(Self.stream.large.utf8))
        await exchangeRecorder.close()
    }

    @Test func aLargeEventHeldWhileTheDatabaseRefusesIsWrittenWholeOnceItAccepts() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tapedeck-large-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (store, database, recorder) = try CountingRecorderDatabase.makeRecorder(in: directory, window: 0.05)
        let exchangeRecorder = recorder.exchangeRecorder
        database.refuse(true)
        let recording = recorder.beginExchange(
            ExchangeStart(startedAtNanos: 10, method: "POST", path: "/v1/messages", query: nil, requestHeaders: []))
        recording.requestEnd()
        recording.responseHead(status: 200, headers: Self.head, atNanos: 11)
        // Wait until the recorder thread retries a refused transaction, then send the stream.
        await database.untilRefused()
        recording.responseBody(ByteBuffer(string: Self.stream.start + Self.stream.large + Self.stream.end), atNanos: 12)
        recording.finish(.upstreamFinished, atNanos: 15, detail: nil, losses: [])
        // The held event is assembled between retries, so its exchange still finishes while nothing is written.
        await recorder.drain()
        #expect(database.commits == 0)

        database.refuse(false)
        await recorder.flush()
        let summary = try #require(try store.exchanges().first)
        #expect(summary.outcome == .complete && summary.stopReason == "end_turn" && summary.droppedEvents == 0)
        let events = try store.events(exchangeID: summary.id)
        #expect(events.map(\.sequence) == Array(0..<6))
        #expect(events[2].raw == Array(Self.stream.large.utf8))
        let statistics = exchangeRecorder.statistics
        #expect(statistics.droppedEvents == 0 && statistics.writtenEvents == 6 && statistics.writeErrors > 0)
        await exchangeRecorder.close()
    }
}

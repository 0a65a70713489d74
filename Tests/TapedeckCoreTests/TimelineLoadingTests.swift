import Foundation
import TapedeckTestSupport
import Testing

@testable import TapedeckCore

/// A timeline read in pages (`init(loading:)`, `append`, `finishLoading`) against one built from every event.
@Suite struct TimelineLoadingTests {
    /// Every sample, plus a stream with silences, an error event and a trailing fragment (anomalies of each kind).
    static func exchanges() throws -> [RecordedExchange] {
        let names = try FileManager.default.contentsOfDirectory(atPath: Repository.samples.path)
            .filter { $0.hasSuffix(".sse") }.sorted()
        var exchanges = try names.map { name in
            let data = try Data(contentsOf: Repository.samples.appendingPathComponent(name))
            return RecordedExchange.fromSSEBody(Array(data), id: String(name.dropLast(4)))
        }
        exchanges.append(troubled())
        return exchanges
    }

    /// Silences of 3 s and 9 s, an error event mid-stream, a block never stopped and a cut-off last event.
    static func troubled() -> RecordedExchange {
        let payloads: [(String, String, Int64)] = [
            (
                "message_start",
                #"{"type":"message_start","message":{"id":"m","type":"message","role":"assistant","model":"x","content":[],"usage":{"input_tokens":3,"output_tokens":1}}}"#,
                100
            ),
            ("content_block_start", blockStart, 200),
            ("content_block_delta", textDelta(index: 0, "a"), 3_300),
            ("content_block_delta", textDelta(index: 0, "b"), 3_400),
            ("content_block_delta", textDelta(index: 5, "?"), 3_500),
            ("ping", #"{"type":"ping"}"#, 12_600),
            ("error", #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#, 12_700),
        ]
        let events = payloads.enumerated().map { index, payload in
            RecordedEvent(
                sequence: index, offsetNanos: payload.2 * 1_000_000, type: payload.0, data: payload.1,
                raw: Array("event: \(payload.0)\ndata: \(payload.1)\n\n".utf8))
        }
        return RecordedExchange(
            summary: ExchangeSummary(id: "troubled", startedAtNanos: 0, method: "POST", path: "/v1/messages"),
            events: events, trailingBytes: Array("event: content_block_delta\nda".utf8),
            trailingOffsetNanos: 12_800_000_000)
    }

    static let blockStart = #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#

    static func textDelta(index: Int, _ text: String) -> String {
        #"{"type":"content_block_delta","index":\#(index),"delta":{"type":"text_delta","text":"\#(text)"}}"#
    }

    /// The timeline of `exchange` read `pageSize` events at a time, with the same options.
    static func paged(_ exchange: RecordedExchange, pageSize: Int, maxIdle: Double?) -> Timeline {
        var first = exchange
        first.events = Array(exchange.events.prefix(pageSize))
        var timeline = Timeline(loading: first, maxIdle: maxIdle, keyframeInterval: 4)
        var next = first.events.count
        while next < exchange.events.count {
            let end = min(exchange.events.count, next + pageSize)
            timeline.append(Array(exchange.events[next..<end]))
            next = end
        }
        timeline.finishLoading()
        return timeline
    }

    @Test(arguments: [1, 3, 7, 1000]) func pagesGiveTheTimelineOfAllTheEventsAtOnce(pageSize: Int) throws {
        for exchange in try Self.exchanges() {
            for maxIdle in [nil, 1.5] {
                let whole = Timeline(exchange: exchange, maxIdle: maxIdle, keyframeInterval: 4)
                var paged = Self.paged(exchange, pageSize: pageSize, maxIdle: maxIdle)
                #expect(paged.isLoaded)
                #expect(paged.exchange == whole.exchange, "\(exchange.summary.id)")
                #expect(paged.anomalies == whole.anomalies, "\(exchange.summary.id)")
                #expect(paged.blockBoundaries == whole.blockBoundaries, "\(exchange.summary.id)")
                #expect(paged.finalMessage == whole.finalMessage, "\(exchange.summary.id)")
                #expect(paged.totalVirtualNanos == whole.totalVirtualNanos, "\(exchange.summary.id)")
                var reference = whole
                for position in (0...whole.eventCount).reversed() {
                    paged.seek(toPosition: position)
                    reference.seek(toPosition: position)
                    #expect(paged.message == reference.message, "\(exchange.summary.id) at \(position)")
                    #expect(paged.elapsedOriginalNanos == reference.elapsedOriginalNanos)
                }
            }
        }
    }

    @Test func theTroubledStreamHasAnomaliesOfEveryKind() {
        let kinds = Set(Timeline(exchange: Self.troubled()).anomalies.map(\.kind))
        #expect(kinds == [.gap, .errorEvent, .diagnostic, .partialEnd])
    }

    @Test func whileLoadingTheCursorStopsAtTheLastLoadedEventUnfinished() {
        let exchange = Self.troubled()
        var first = exchange
        first.events = Array(exchange.events.prefix(3))
        var timeline = Timeline(loading: first)
        #expect(!timeline.isLoaded)
        timeline.seekToEnd()
        #expect(timeline.position == 3)
        timeline.stepForward()
        #expect(timeline.position == 3)
        // Not the end of the stream: nothing says the message is cut off yet.
        #expect(!timeline.anomalies.contains { $0.kind == .partialEnd })
        #expect(timeline.message.diagnostics.isEmpty)
        timeline.append(Array(exchange.events[3...]))
        timeline.finishLoading()
        var whole = Timeline(exchange: exchange)
        whole.seek(toPosition: 3)
        #expect(timeline.message == whole.message)
        timeline.seekToEnd()
        whole.seekToEnd()
        #expect(timeline.message == whole.message)
        #expect(timeline.message.diagnostics.contains { $0.kind == .missingMessageStop })
    }

    @Test func theCursorOnTheLastLoadedEventIsFinishedWhenLoadingEndsThere() {
        let exchange = Self.troubled()
        var timeline = Timeline(loading: exchange)
        timeline.seekToEnd()
        #expect(!timeline.message.diagnostics.contains { $0.kind == .missingMessageStop })
        timeline.finishLoading()
        var whole = Timeline(exchange: exchange)
        whole.seekToEnd()
        #expect(timeline.message == whole.message)
    }

    @Test func playbackWaitsAtTheLoadedEndAndGoesOnWithTheNextPage() {
        let exchange = Self.troubled()
        var first = exchange
        first.events = Array(exchange.events.prefix(2))
        var timeline = Timeline(loading: first)
        timeline.play()
        timeline.tick(nowNanos: 1_000)
        timeline.tick(nowNanos: 60_000_000_000)
        #expect(timeline.position == 2)
        #expect(timeline.isPlaying)
        #expect(timeline.clockNanos == timeline.totalVirtualNanos)
        timeline.append(Array(exchange.events[2..<4]))
        timeline.tick(nowNanos: 60_000_000_000 + 3_100_000_000)
        #expect(timeline.position == 3)
        timeline.append(Array(exchange.events[4...]))
        timeline.finishLoading()
        timeline.tick(nowNanos: 200_000_000_000)
        #expect(timeline.position == exchange.events.count)
        #expect(!timeline.isPlaying)
    }

    @Test func pagesAfterTheEndChangeNothing() {
        let exchange = Self.troubled()
        var timeline = Timeline(exchange: exchange)
        timeline.append(Array(exchange.events.prefix(2)))
        #expect(timeline.exchange == exchange)
        #expect(timeline.anomalies == Timeline(exchange: exchange).anomalies)
    }
}

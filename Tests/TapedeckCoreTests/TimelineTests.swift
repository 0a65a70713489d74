import Foundation
import TapedeckTestSupport
import Testing

@testable import TapedeckCore

/// Builds exchanges in code: `(type, data, offset in ms)`.
private func exchange(_ events: [(String, String, Int64)], trailing: [UInt8] = []) -> RecordedExchange {
    let recorded = events.enumerated().map { index, event in
        let raw = Array("event: \(event.0)\ndata: \(event.1)\n\n".utf8)
        return RecordedEvent(
            sequence: index, offsetNanos: event.2 * 1_000_000, type: event.0, data: event.1, raw: raw)
    }
    return RecordedExchange(
        summary: ExchangeSummary(id: "t1", startedAtNanos: 0, method: "POST", path: "/v1/messages"),
        events: recorded, trailingBytes: trailing, trailingOffsetNanos: trailing.isEmpty ? nil : 999_000_000)
}

private func sample(_ name: String) throws -> RecordedExchange {
    let url = Repository.samples.appendingPathComponent("\(name).sse")
    let data = try Data(contentsOf: url)
    return RecordedExchange.fromSSEBody(Array(data), id: name)
}

private let start =
    #"{"type":"message_start","message":{"id":"m","type":"message","role":"assistant","model":"x","content":[],"usage":{"input_tokens":3,"output_tokens":1}}}"#
private let blockStart = #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#
private func textDelta(_ text: String) -> String {
    #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\#(text)"}}"#
}
private let blockStop = #"{"type":"content_block_stop","index":0}"#
private let messageStop = #"{"type":"message_stop"}"#

/// A complete five-event-content stream with a 5 s silence before the third delta.
private func simple() -> RecordedExchange {
    exchange([
        ("message_start", start, 100),
        ("content_block_start", blockStart, 200),
        ("content_block_delta", textDelta("a"), 300),
        ("content_block_delta", textDelta("b"), 400),
        ("content_block_delta", textDelta("c"), 5400),
        ("content_block_stop", blockStop, 5500),
        ("message_stop", messageStop, 5600),
    ])
}

@Suite struct TimelineTests {
    @Test func stepsForwardAndBackAndClamps() {
        var timeline = Timeline(exchange: simple())
        #expect(timeline.position == 0)
        #expect(timeline.currentEvent == nil)
        timeline.stepBackward()
        #expect(timeline.position == 0)
        timeline.stepForward()
        timeline.stepForward()
        timeline.stepForward()
        #expect(timeline.position == 3)
        #expect(timeline.currentEvent?.type == "content_block_delta")
        #expect(timeline.message.content.first?.text == "a")
        timeline.stepBackward()
        #expect(timeline.message.content.first?.text == "")
        timeline.seekToEnd()
        #expect(timeline.position == 7)
        #expect(timeline.message.isComplete)
        #expect(timeline.message.content.first?.text == "abc")
        timeline.stepForward()
        #expect(timeline.position == 7)
        timeline.seekToStart()
        #expect(timeline.message.content.isEmpty)
        #expect(timeline.clockNanos == 0)
    }

    @Test func byteOffsetsAreCumulative() {
        var timeline = Timeline(exchange: simple())
        timeline.seek(toPosition: 2)
        let firstLength = timeline.exchange.events[0].raw.count
        #expect(timeline.currentByteOffset == firstLength)
    }

    @Test func blockBoundariesAndAnomalies() {
        var timeline = Timeline(exchange: simple(), gapThreshold: 2)
        #expect(timeline.blockBoundaries == [2, 6])
        #expect(timeline.anomalies.map(\.position) == [5])
        #expect(timeline.anomalies.first?.kind == .gap)
        timeline.nextBlockBoundary()
        #expect(timeline.position == 2)
        timeline.nextBlockBoundary()
        #expect(timeline.position == 6)
        timeline.nextBlockBoundary()
        #expect(timeline.position == 6)
        timeline.previousBlockBoundary()
        #expect(timeline.position == 2)
        timeline.nextAnomaly()
        #expect(timeline.position == 5)
        timeline.nextAnomaly()
        #expect(timeline.position == 5)
        timeline.seekToEnd()
        timeline.previousAnomaly()
        #expect(timeline.position == 5)
    }

    @Test func errorEventsAndPartialEndsAreAnomalies() throws {
        let error = try sample("error_midstream")
        let timeline = Timeline(exchange: error)
        let kinds = timeline.anomalies.map(\.kind)
        #expect(kinds.contains(.errorEvent))
        #expect(kinds.contains(.partialEnd))
        let errorAnomaly = try #require(timeline.anomalies.first { $0.kind == .errorEvent })
        #expect(error.events[errorAnomaly.position - 1].type == "error")
        #expect(errorAnomaly.summary.contains("overloaded_error"))

        let cut = Timeline(exchange: try sample("cut_before_stop"))
        let partial = try #require(cut.anomalies.last)
        #expect(partial.kind == .partialEnd)
        #expect(partial.position == cut.eventCount)
        #expect(partial.summary.contains("trailing bytes"))

        let complete = Timeline(exchange: try sample("thinking_text"))
        #expect(complete.anomalies.isEmpty)
    }

    @Test func diagnosticsBecomeAnomaliesAtTheirEvent() {
        let stray = #"{"type":"content_block_delta","index":7,"delta":{"type":"text_delta","text":"x"}}"#
        let timeline = Timeline(
            exchange: exchange([
                ("message_start", start, 0), ("content_block_delta", stray, 10), ("message_stop", messageStop, 20),
            ]))
        let diagnostic = timeline.anomalies.first { $0.kind == .diagnostic }
        #expect(diagnostic?.position == 2)
        #expect(diagnostic?.summary.contains("unknown_block_index") == true)
    }

    @Test func tickFollowsOriginalTimingAndSpeed() {
        var timeline = Timeline(exchange: simple())
        timeline.play()
        #expect(timeline.tick(nowNanos: 1_000) == false)  // the first tick only starts the clock
        timeline.tick(nowNanos: 1_000 + 250_000_000)
        #expect(timeline.position == 2)  // events at 100 ms and 200 ms
        timeline.setSpeed(10)
        timeline.tick(nowNanos: 1_000 + 250_000_000 + 100_000_000)  // +1 s of virtual time
        #expect(timeline.position == 4)
        #expect(timeline.isPlaying)
        timeline.tick(nowNanos: 1_000 + 250_000_000 + 600_000_000)  // +5 s: everything is due
        #expect(timeline.position == 7)
        #expect(!timeline.isPlaying)
        #expect(timeline.message.isComplete)
    }

    @Test func tickAppliesEveryDueEventAtHighSpeed() {
        var timeline = Timeline(exchange: simple())
        timeline.setSpeed(100)
        timeline.play()
        timeline.tick(nowNanos: 0)
        timeline.tick(nowNanos: 16_000_000)  // 1.6 s virtual in one frame
        #expect(timeline.position == 4)
        #expect(timeline.message.content.first?.text == "ab")
    }

    @Test func idleCapShortensSilences() {
        var timeline = Timeline(exchange: simple(), maxIdle: 0.5)
        #expect(timeline.totalVirtualNanos == 100_000_000 * 6 + 500_000_000)
        #expect(timeline.totalOriginalNanos == 5_600_000_000)
        timeline.play()
        timeline.tick(nowNanos: 0)
        timeline.tick(nowNanos: 900_000_000)  // 400 ms virtual reaches event 4, +500 ms capped gap = event 5
        #expect(timeline.position == 5)
        #expect(timeline.elapsedOriginalNanos == 5_400_000_000)
    }

    @Test func speedStepsAndClamps() {
        var timeline = Timeline(exchange: simple())
        timeline.faster()
        #expect(timeline.speed == 2)
        timeline.slower()
        timeline.slower()
        #expect(timeline.speed == 0.5)
        for _ in 0..<20 { timeline.slower() }
        #expect(timeline.speed == 0.1)
        for _ in 0..<20 { timeline.faster() }
        #expect(timeline.speed == 100)
        timeline.originalSpeed()
        #expect(timeline.speed == 1)
        timeline.setSpeed(1000)
        #expect(timeline.speed == 100)
        #expect(PlaybackSpeed.label(0.25) == "0.25×")
        #expect(PlaybackSpeed.label(10) == "10×")
    }

    @Test func seekToTimeLandsOnTheLastArrivedEvent() {
        var timeline = Timeline(exchange: simple())
        timeline.seek(toOriginalNanos: 350_000_000)
        #expect(timeline.position == 3)
        #expect(timeline.elapsedOriginalNanos == 350_000_000)
        timeline.seek(toOriginalNanos: 0)
        #expect(timeline.position == 0)
        timeline.seek(toOriginalNanos: 99_000_000_000)
        #expect(timeline.position == 7)
    }

    @Test func playAtTheEndRestarts() {
        var timeline = Timeline(exchange: simple())
        timeline.seekToEnd()
        timeline.play()
        #expect(timeline.position == 0)
        #expect(timeline.isPlaying)
    }

    @Test func keyframeSeeksEqualFullReassembly() throws {
        let long = try sample("long_session")
        var timeline = Timeline(exchange: long, keyframeInterval: 97)
        var generator = SystemRandomNumberGenerator()
        var positions = (0..<25).map { _ in Int.random(in: 0...long.events.count, using: &generator) }
        positions += [0, 1, 96, 97, 98, long.events.count - 1, long.events.count]
        for position in positions {
            timeline.seek(toPosition: position)
            var fresh = MessageAssembler()
            for (index, event) in long.events.prefix(position).enumerated() {
                fresh.apply(SSEEvent(event: event.type, data: event.data, raw: event.raw, offset: index))
            }
            if position == long.events.count { fresh.finish(trailing: nil) }
            let got = timeline.message
            let want = fresh.message
            #expect(got.content == want.content, "content differs at position \(position)")
            #expect(got.usage == want.usage && got.isComplete == want.isComplete && got.stopReason == want.stopReason)
            #expect(got.diagnostics.count == want.diagnostics.count, "diagnostics differ at \(position)")
        }
    }

    @Test func emptyExchangeIsSafe() {
        var timeline = Timeline(exchange: exchange([]))
        timeline.play()
        #expect(!timeline.isPlaying)
        timeline.stepForward()
        timeline.nextAnomaly()
        timeline.seekToEnd()
        #expect(timeline.position == 0)
        #expect(timeline.anomalies.isEmpty)
    }

    @Test func sseFileExchangeHasSyntheticTimingAndOutcome() throws {
        let thinking = try sample("thinking_text")
        #expect(thinking.summary.outcome == .complete)
        #expect(thinking.events.first?.offsetNanos == 300_000_000)
        #expect(thinking.events[1].offsetNanos - thinking.events[0].offsetNanos == 40_000_000)
        #expect(thinking.summary.ttftNanos != nil)
        let cut = try sample("cut_before_stop")
        #expect(cut.summary.outcome == .upstreamDisconnect)
        #expect(!cut.trailingBytes.isEmpty)
        let body = try Data(
            contentsOf: Repository.samples.appendingPathComponent("cut_before_stop.sse"))
        #expect(cut.responseBody == Array(body))
    }
}

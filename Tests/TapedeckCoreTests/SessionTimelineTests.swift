import Testing

@testable import TapedeckCore

/// A session of exchanges built in code: each streams a short text answer, events every 100 ms from 100 ms.
private enum Fixture {
    static let millisecond: Int64 = 1_000_000

    static func exchange(
        _ id: String, start: Int64, attempt: Int = 1, retryOf: String? = nil, errorAfter: Int? = nil
    ) -> RecordedExchange {
        var types: [(String, String)] = [
            (
                "message_start",
                #"{"type":"message_start","message":{"id":"m","type":"message","role":"assistant","model":"x","content":[],"usage":{"input_tokens":3,"output_tokens":1}}}"#
            ),
            (
                "content_block_start",
                #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#
            ),
            (
                "content_block_delta",
                #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}}"#
            ),
            ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
            (
                "message_delta",
                #"{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}}"#
            ),
            ("message_stop", #"{"type":"message_stop"}"#),
        ]
        if let errorAfter {
            types =
                Array(types.prefix(errorAfter)) + [
                    ("error", #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
                ]
        }
        let events = types.enumerated().map { index, event in
            RecordedEvent(
                sequence: index, offsetNanos: Int64(index + 1) * 100 * millisecond, type: event.0, data: event.1,
                raw: Array("event: \(event.0)\ndata: \(event.1)\n\n".utf8))
        }
        let summary = ExchangeSummary(
            id: id, startedAtNanos: start, method: "POST", path: "/v1/messages", status: 200, isStreaming: true,
            outcome: errorAfter == nil ? .complete : .errorEvent,
            durationNanos: Int64(events.count) * 100 * millisecond,
            eventCount: events.count, retryOf: retryOf, attempt: attempt, sessionID: "s", threadID: "a", turn: 1)
        return RecordedExchange(summary: summary, events: events)
    }

    /// Three exchanges: the second 5 s after the first ended and a retry of it, the third 2 s later with an
    /// error event after its third event.
    static func session() -> RecordedSession {
        let second: Int64 = 1_000_000_000
        let first = exchange("a", start: 0)
        let retry = exchange("b", start: 600 * millisecond + 5 * second, attempt: 2, retryOf: "a")
        let broken = exchange("c", start: 1_200 * millisecond + 7 * second, errorAfter: 3)
        return RecordedSession(
            summary: SessionSummary(id: "s", grouping: .inferred, startedAtNanos: 0), exchanges: [first, retry, broken])
    }
}

@Suite struct SessionTimelineTests {
    let millisecond = Fixture.millisecond

    @Test func playsTurnAfterTurnWithTheWaitsBetweenThem() {
        var session = SessionTimeline(session: Fixture.session())
        #expect(session.leadNanos(beforeTurn: 1) == 5_000 * millisecond)
        session.select(turn: 0, position: 0)
        session.play()
        session.tick(nowNanos: 0)
        session.tick(nowNanos: UInt64(350 * millisecond))
        #expect(session.turnIndex == 0 && session.timeline.position == 3)
        session.tick(nowNanos: UInt64(600 * millisecond))
        #expect(session.turnIndex == 1 && session.timeline.position == 0)
        #expect(session.timeline.leadRemainingNanos == 5_000 * millisecond)
        session.tick(nowNanos: UInt64(2_600 * millisecond))
        #expect(session.turnIndex == 1 && session.timeline.leadRemainingNanos == 3_000 * millisecond)
        session.tick(nowNanos: UInt64(5_650 * millisecond))
        #expect(session.timeline.leadRemainingNanos == 0 && session.timeline.position == 0)
        session.tick(nowNanos: UInt64(5_750 * millisecond))
        #expect(session.turnIndex == 1 && session.timeline.position == 1)
        // The rest of turn 2 (500 ms), the 2 s wait, and all of turn 3 in one large tick: nothing skipped.
        session.tick(nowNanos: UInt64(60_000 * millisecond))
        #expect(session.turnIndex == 2 && session.timeline.isAtEnd)
        #expect(!session.isPlaying)
        session.play()
        #expect(session.turnIndex == 0 && session.timeline.position == 0 && session.isPlaying)
    }

    @Test func maxIdleAndSpeedShortenTheWaits() {
        var capped = SessionTimeline(session: Fixture.session(), maxIdle: 1)
        #expect(capped.leadNanos(beforeTurn: 1) == 1_000 * millisecond)
        capped.select(turn: 0)
        capped.play()
        #expect(capped.turnIndex == 1 && capped.timeline.leadRemainingNanos == 1_000 * millisecond)
        var fast = SessionTimeline(session: Fixture.session())
        fast.setSpeed(10)
        fast.select(turn: 0)
        fast.play()
        fast.tick(nowNanos: 0)
        fast.tick(nowNanos: UInt64(400 * millisecond))
        #expect(fast.turnIndex == 1 && fast.timeline.leadRemainingNanos == 1_000 * millisecond)
        #expect(fast.timeline.speed == 10)
    }

    @Test func turnsAreSelectedAtTheEndOfTheirAnswer() {
        var session = SessionTimeline(session: Fixture.session())
        #expect(session.turnIndex == 0 && session.timeline.position == 0)
        session.nextTurn()
        #expect(session.turnIndex == 1 && session.timeline.isAtEnd)
        session.nextTurn()
        session.nextTurn()
        #expect(session.turnIndex == 2)
        session.previousTurn()
        session.previousTurn()
        session.previousTurn()
        #expect(session.turnIndex == 0 && session.timeline.isAtEnd)
    }

    @Test func anomaliesAreFoundAcrossTurns() {
        var session = SessionTimeline(session: Fixture.session())
        #expect(session.anomaliesByTurn.keys.sorted() == [0])
        session.nextAnomaly()
        #expect(session.turnIndex == 1 && session.timeline.position == 0)
        #expect(session.anomaliesAtCursor.map(\.kind) == [.retry])
        session.nextAnomaly()
        #expect(session.turnIndex == 2 && session.timeline.position == 4)
        #expect(session.anomaliesAtCursor.first?.summary.hasPrefix("error: error event: overloaded_error") == true)
        #expect(session.anomaliesAtCursor.first?.place == "event 4")
        session.nextAnomaly()
        #expect(session.turnIndex == 2 && session.timeline.position == 4)
        session.previousAnomaly()
        #expect(session.turnIndex == 1 && session.timeline.position == 0)
        session.previousAnomaly()
        #expect(session.turnIndex == 1 && session.timeline.position == 0)
    }

    @Test func aFailureWithoutEventsIsAnAnomalyAtItsEnd() {
        let summary = ExchangeSummary(
            id: "f", startedAtNanos: 0, method: "POST", path: "/v1/messages", status: 529, outcome: .httpError,
            errorType: "overloaded_error")
        let timeline = Timeline(exchange: RecordedExchange(summary: summary, events: []))
        let anomalies = SessionAnomaly.anomalies(of: timeline, turnIndex: 4)
        #expect(
            anomalies == [
                SessionAnomaly(
                    turnIndex: 4, exchangeID: "f", position: 0, isAtEnd: true, kind: .failed,
                    message: "HTTP 529 http_error: overloaded_error")
            ])
    }

    @Test func advanceReportsTheTimeLeftPastTheEnd() {
        var timeline = Timeline(exchange: Fixture.exchange("a", start: 0))
        timeline.seekToStart(lead: 200 * millisecond)
        #expect(timeline.advance(byVirtualNanos: 250 * millisecond) == nil)
        #expect(timeline.position == 0)
        #expect(timeline.advance(byVirtualNanos: 100 * millisecond) == nil)
        #expect(timeline.position == 1)
        #expect(timeline.advance(byVirtualNanos: 1_000 * millisecond) == 550 * millisecond)
        #expect(timeline.isAtEnd && timeline.position == 6)
    }
}

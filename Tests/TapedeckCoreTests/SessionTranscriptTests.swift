import Testing

@testable import TapedeckCore

/// The final message list of a session and its anomalies, on small non-streaming exchanges built in code.
@Suite struct SessionTranscriptTests {
    /// A non-streaming exchange of thread `thread` whose request sends `messages` and whose answer says `answer`.
    private func exchange(
        _ id: String, at seconds: Int64, thread: String, messages: [JSONValue], answer: String?,
        status: Int = 200, outcome: ExchangeOutcome = .nonStreaming, attempt: Int = 1
    ) -> RecordedExchange {
        let body: JSONValue = ["model": "m", "messages": .array(messages)]
        let response: String =
            answer.map { #"{"type":"message","role":"assistant","content":[{"type":"text","text":"\#($0)"}]}"# }
            ?? #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#
        let summary = ExchangeSummary(
            id: id, startedAtNanos: seconds * 1_000_000_000, method: "POST", path: "/v1/messages",
            requestBody: Array(body.serialized().utf8), status: status, isStreaming: false, outcome: outcome,
            durationNanos: 100_000_000, attempt: attempt, sessionID: "s", threadID: thread)
        return RecordedExchange(summary: summary, events: [], trailingBytes: Array(response.utf8))
    }

    private let hello: JSONValue = ["role": "user", "content": "hello"]

    @Test func theMainThreadIsTheLongestAndItsLastTurnEndsTheConversation() {
        let followUp: [JSONValue] = [
            hello, ["role": "assistant", "content": [["type": "text", "text": "hi"]]],
            ["role": "user", "content": "more"],
        ]
        let session = RecordedSession(
            summary: SessionSummary(id: "s", grouping: .inferred, startedAtNanos: 0),
            exchanges: [
                exchange("t1", at: 0, thread: "t1", messages: [["role": "user", "content": "title?"]], answer: "T"),
                exchange("a1", at: 1, thread: "a1", messages: [hello], answer: "hi"),
                exchange("a2", at: 2, thread: "a1", messages: followUp, answer: "more!"),
            ])
        #expect(SessionTranscript.mainThread(session) == 2)
        #expect(SessionTranscript.finalExchangeIndex(session) == 2)
        let messages = SessionTranscript.finalMessages(session)
        #expect(messages.count == 4)
        #expect(messages.last == ["role": "assistant", "content": [["type": "text", "text": "more!"]]])
    }

    @Test func aFinalTurnWithoutAnAnswerEndsWithItsRequest() {
        let session = RecordedSession(
            summary: SessionSummary(id: "s", grouping: .inferred, startedAtNanos: 0),
            exchanges: [
                exchange("a1", at: 1, thread: "a1", messages: [hello], answer: nil, status: 529, outcome: .httpError)
            ])
        #expect(SessionTranscript.finalMessages(session) == [hello])
        #expect(
            SessionTranscript.finalMessages(
                RecordedSession(summary: SessionSummary(id: "e", grouping: .inferred, startedAtNanos: 0), exchanges: [])
            )
            .isEmpty)
    }

    @Test func anomaliesNameFailuresAndRetriesByExchange() {
        let session = RecordedSession(
            summary: SessionSummary(id: "s", grouping: .inferred, startedAtNanos: 0),
            exchanges: [
                exchange("a1", at: 1, thread: "a1", messages: [hello], answer: nil, status: 529, outcome: .httpError),
                exchange("a2", at: 2, thread: "a1", messages: [hello], answer: "hi", attempt: 2),
            ])
        let anomalies = SessionAnomaly.anomalies(in: session)
        #expect(anomalies.map(\.kind) == [.failed, .retry])
        #expect(anomalies.map(\.exchangeID) == ["a1", "a2"])
        #expect(anomalies[0].message == "HTTP 529 http_error")
        #expect(anomalies.map(\.place) == ["at end", "start"])
    }

    @Test func aLongSilenceInAStreamAndLostEventsAreAnomaliesButShortGapsAreNot() {
        func streamed(_ id: String, gapMillis: Int64, dropped: Int) -> RecordedExchange {
            let lines = [
                #"{"type":"message_start","message":{"id":"m","role":"assistant","content":[]}}"#,
                #"{"type":"message_delta","delta":{"stop_reason":"end_turn"}}"#, #"{"type":"message_stop"}"#,
            ]
            let types = ["message_start", "message_delta", "message_stop"]
            let events = lines.indices.map { index in
                RecordedEvent(
                    sequence: index, offsetNanos: Int64(index) * gapMillis * 1_000_000, type: types[index],
                    data: lines[index], raw: Array("event: \(types[index])\ndata: \(lines[index])\n\n".utf8))
            }
            let summary = ExchangeSummary(
                id: id, startedAtNanos: 0, method: "POST", path: "/v1/messages", status: 200, isStreaming: true,
                outcome: .complete, firstByteNanos: 0, durationNanos: 2 * gapMillis * 1_000_000,
                droppedEvents: dropped, sessionID: "s")
            return RecordedExchange(summary: summary, events: events)
        }
        let session = RecordedSession(
            summary: SessionSummary(id: "s", grouping: .inferred, startedAtNanos: 0),
            exchanges: [
                streamed("quick", gapMillis: 1_900, dropped: 0), streamed("slow", gapMillis: 3_000, dropped: 2),
            ])
        let anomalies = SessionAnomaly.anomalies(in: session)
        #expect(anomalies.map(\.kind) == [.stall, .stall, .lostEvents])
        #expect(anomalies.allSatisfy { $0.exchangeID == "slow" })
        #expect(anomalies.first?.summary == "stall: 3.00s silence before event 2")
        #expect(anomalies.map(\.place) == ["event 2", "event 3", "at end"])
    }
}

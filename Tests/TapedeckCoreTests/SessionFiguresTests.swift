import Testing

@testable import TapedeckCore

@Suite struct SessionFiguresTests {
    private func exchange(
        _ id: String, start: Int64, duration: Int64, outcome: ExchangeOutcome = .complete, attempt: Int = 1,
        thread: String = "t", model: String = "claude-sonnet-4-5", tokens: (Int, Int) = (10, 5)
    ) -> ExchangeSummary {
        ExchangeSummary(
            id: id, startedAtNanos: start, method: "POST", path: "/v1/messages", model: model, outcome: outcome,
            durationNanos: duration, inputTokens: tokens.0, outputTokens: tokens.1, attempt: attempt,
            threadID: thread)
    }

    @Test func overlappingExchangesCountOnceAsModelTime() {
        let figures = SessionFigures(exchanges: [
            exchange("a", start: 0, duration: 100),
            exchange("b", start: 50, duration: 100, thread: "side", model: "claude-haiku-4-5"),
            exchange("c", start: 400, duration: 100, outcome: .upstreamDisconnect),
            exchange("d", start: 600, duration: 100, attempt: 2),
        ])
        #expect(figures.wallNanos == 700)
        #expect(figures.modelNanos == 350)
        #expect(figures.betweenTurnsNanos == 350)
        #expect(figures.exchanges == 4 && figures.turns == 3 && figures.threads == 2)
        #expect(figures.outcome == .upstreamDisconnect && figures.failedExchanges == 1)
        #expect(figures.models == ["claude-sonnet-4-5", "claude-haiku-4-5"])
        #expect(figures.inputTokens == 40 && figures.outputTokens == 20)
    }

    @Test func turnsShowWhatEachRequestAddedAndTheGapBeforeIt() throws {
        func recorded(_ id: String, start: Int64, messages: [JSONValue], continues: String?) -> RecordedExchange {
            let body: JSONValue = ["messages": .array(messages)]
            return RecordedExchange(
                summary: ExchangeSummary(
                    id: id, startedAtNanos: start, method: "POST", path: "/v1/messages",
                    requestBody: body.serializedBytes(), outcome: .complete, durationNanos: 10, threadID: "e1",
                    turn: continues == nil ? 1 : 2, continues: continues),
                events: [])
        }
        let user: JSONValue = ["role": "user", "content": "hi"]
        let answer: JSONValue = ["role": "assistant", "content": "hello"]
        let result: JSONValue = ["role": "user", "content": [["type": "tool_result", "tool_use_id": "x"]]]
        let turns = SessionTurns.build([
            recorded("e1", start: 0, messages: [user], continues: nil),
            recorded("e2", start: 110, messages: [user, answer, result], continues: "e1"),
        ])
        #expect(turns.map(\.newInput) == [[user], [result]])
        #expect(turns.map(\.gapBeforeNanos) == [nil, 100])
        #expect(turns.map(\.turn) == [1, 2] && turns.map(\.thread) == [1, 1])
    }
}

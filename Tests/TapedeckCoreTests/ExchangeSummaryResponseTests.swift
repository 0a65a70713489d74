import Testing

@testable import TapedeckCore

@Suite struct ExchangeSummaryResponseTests {
    static func summary(request: String = #"{"model":"claude-asked","max_tokens":5}"#) -> ExchangeSummary {
        ExchangeSummary(
            id: "ab12", startedAtNanos: 0, method: "POST", path: "/v1/messages", query: nil, requestHeaders: [],
            requestBody: Array(request.utf8))
    }

    @Test func requestedModelComesFromAJSONRequestBody() {
        #expect(ExchangeSummary.requestedModel(in: Array(#"{"model":"claude-x"}"#.utf8)) == "claude-x")
        #expect(ExchangeSummary.requestedModel(in: Array("not json".utf8)) == nil)
        #expect(ExchangeSummary.requestedModel(in: []) == nil)
    }

    @Test func aMessageBodyGivesModelStopReasonAndUsage() {
        var summary = Self.summary()
        summary.takeResponseBody(
            Array(
                #"{"type":"message","model":"claude-answered","stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":7,"cache_read_input_tokens":2}}"#
                    .utf8))
        #expect(summary.model == "claude-answered")
        #expect(summary.stopReason == "end_turn")
        #expect(summary.inputTokens == 3 && summary.outputTokens == 7)
        #expect(summary.cacheReadInputTokens == 2 && summary.cacheCreationInputTokens == nil)
        #expect(summary.errorType == nil)
    }

    @Test func anErrorBodyGivesTheErrorAndKeepsTheModel() {
        var summary = Self.summary()
        summary.model = "claude-asked"
        summary.takeResponseBody(
            Array(#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#.utf8))
        #expect(summary.errorType == "overloaded_error")
        #expect(summary.errorMessage == "Overloaded")
        #expect(summary.model == "claude-asked")
    }

    @Test func aBodyThatIsNotJSONChangesNothing() {
        let before = Self.summary()
        var after = before
        after.takeResponseBody(Array("<html>bad gateway</html>".utf8))
        #expect(after == before)
    }

    @Test func anAssembledStreamGivesItsFields() {
        var assembler = MessageAssembler()
        var parser = SSEParser()
        let stream =
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-streamed\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":4,\"output_tokens\":1}}}\n\n"
            + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"
        for event in parser.feed(Array(stream.utf8)) { assembler.apply(event) }
        var summary = Self.summary()
        summary.take(assembler.message)
        #expect(summary.model == "claude-streamed")
        #expect(summary.inputTokens == 4 && summary.outputTokens == 1)
        #expect(summary.stopReason == nil)
        #expect(summary.errorType == "overloaded_error")
    }
}

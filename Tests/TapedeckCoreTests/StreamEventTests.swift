import Foundation
import Testing

@testable import TapedeckCore

@Suite struct StreamEventTests {
    private func decode(_ type: String?, _ data: String) -> StreamEvent {
        StreamEvent(SSEEvent(event: type, data: data))
    }

    @Test func decodesMessageStart() {
        let event = decode(
            "message_start",
            #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1,"cache_creation_input_tokens":0,"cache_read_input_tokens":5,"service_tier":"standard"}}}"#
        )
        guard case .messageStart(let start) = event else {
            Issue.record("got \(event)")
            return
        }
        #expect(start.id == "msg_1")
        #expect(start.model == "claude-x")
        #expect(start.role == "assistant")
        #expect(start.usage.inputTokens == 12)
        #expect(start.usage.outputTokens == 1)
        #expect(start.usage.cacheCreationInputTokens == 0)
        #expect(start.usage.cacheReadInputTokens == 5)
        #expect(start.usage.other == ["service_tier": "standard"])
        #expect(start.message.keys.first == "id")
    }

    @Test(arguments: [
        (#"{"type":"text","text":"hi"}"#, ContentBlock.text(text: "hi", citations: nil)),
        (#"{"type":"text","text":"","citations":[{"x":1}]}"#, .text(text: "", citations: [["x": 1]])),
        (#"{"type":"thinking","thinking":"","signature":""}"#, .thinking(thinking: "", signature: "")),
        (#"{"type":"redacted_thinking","data":"EmwK"}"#, .redactedThinking(data: "EmwK")),
        (
            #"{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}"#,
            .toolUse(.init(id: "toolu_1", name: "get_weather", input: [:]))
        ),
        (
            #"{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}"#,
            .serverToolUse(.init(id: "srvtoolu_1", name: "web_search", input: [:]))
        ),
        (
            #"{"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[{"type":"web_search_result","url":"u"}]}"#,
            .webSearchToolResult(
                toolUseID: "srvtoolu_1",
                raw: [
                    "type": "web_search_tool_result", "tool_use_id": "srvtoolu_1",
                    "content": [["type": "web_search_result", "url": "u"]],
                ])
        ),
        (
            #"{"type":"hologram","beams":[1,2]}"#,
            .unknown(type: "hologram", raw: ["type": "hologram", "beams": [1, 2]])
        ),
    ])
    func decodesContentBlocks(_ block: String, _ expected: ContentBlock) {
        let event = decode(
            "content_block_start", #"{"type":"content_block_start","index":3,"content_block":\#(block)}"#)
        #expect(event == .contentBlockStart(index: 3, block: expected))
        // The typed block prints back as the object it came from.
        #expect(expected.json == (try? JSONValue.parse(block))?.objectValue)
    }

    @Test(arguments: [
        (#"{"type":"text_delta","text":"Hel"}"#, ContentDelta.text("Hel")),
        (#"{"type":"input_json_delta","partial_json":"{\"lo"}"#, .inputJSON(partialJSON: #"{"lo"#)),
        (#"{"type":"thinking_delta","thinking":"hmm"}"#, .thinking("hmm")),
        (#"{"type":"signature_delta","signature":"sig"}"#, .signature("sig")),
        (
            #"{"type":"citations_delta","citation":{"type":"char_location","cited_text":"x"}}"#,
            .citations(["type": "char_location", "cited_text": "x"])
        ),
        (#"{"type":"sparkle_delta","n":1}"#, .unknown(type: "sparkle_delta", raw: ["type": "sparkle_delta", "n": 1])),
    ])
    func decodesDeltas(_ delta: String, _ expected: ContentDelta) {
        let event = decode("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":\#(delta)}"#)
        #expect(event == .contentBlockDelta(index: 0, delta: expected))
        #expect(expected.json == (try? JSONValue.parse(delta))?.objectValue)
    }

    @Test func decodesStopMessageDeltaStopPingAndError() {
        #expect(
            decode("content_block_stop", #"{"type":"content_block_stop","index":2}"#) == .contentBlockStop(index: 2))
        #expect(decode("message_stop", #"{"type":"message_stop"}"#) == .messageStop)
        #expect(decode("ping", #"{"type": "ping"}"#) == .ping)
        #expect(
            decode("error", #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
                == .error(APIErrorInfo(type: "overloaded_error", message: "Overloaded")))
        let delta = decode(
            "message_delta",
            #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}"#
        )
        guard case .messageDelta(let messageDelta) = delta else {
            Issue.record("got \(delta)")
            return
        }
        #expect(messageDelta.stopReason == "tool_use")
        #expect(messageDelta.stopSequence == nil)
        #expect(messageDelta.usage?.outputTokens == 89)
        #expect(messageDelta.delta["stop_sequence"] == .null)
    }

    @Test func keepsUnknownEventsVerbatim() {
        let event = decode("future_event", #"{"type":"future_event","payload":{"b":1,"a":[true]}}"#)
        #expect(
            event == .unknown(type: "future_event", json: ["type": "future_event", "payload": ["b": 1, "a": [true]]]))
        #expect(event.json.serialized() == #"{"type":"future_event","payload":{"b":1,"a":[true]}}"#)
        #expect(event.type == "future_event")
    }

    @Test func usesTheDataTypeWhenTheEventFieldIsMissing() {
        #expect(decode(nil, #"{"type":"content_block_stop","index":0}"#) == .contentBlockStop(index: 0))
        #expect(decode(nil, #"{"no_type":1}"#) == .unknown(type: "message", json: ["no_type": 1]))
    }

    @Test(arguments: [
        (
            "content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","te"#,
            "invalid JSON"
        ),
        ("content_block_delta", #"{"type":"content_block_delta","delta":{"type":"text_delta","text":"x"}}"#, "index"),
        (
            "content_block_delta",
            #"{"type":"content_block_delta","index":-1,"delta":{"type":"text_delta","text":"x"}}"#, "index"
        ),
        ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta"}}"#, "\"text\""),
        ("content_block_delta", #"{"type":"content_block_delta","index":0}"#, "\"delta\""),
        ("content_block_start", #"{"type":"content_block_start","index":0}"#, "content_block"),
        ("message_start", #"{"type":"message_start"}"#, "message"),
        ("message_delta", "[1]", "not an object"),
        ("content_block_stop", "", "invalid JSON"),
    ])
    func malformedDataBecomesMalformedWithReason(_ type: String, _ data: String, _ reasonPart: String) {
        let event = decode(type, data)
        guard case .malformed(let malformedType, let malformedData, let reason) = event else {
            Issue.record("expected malformed, got \(event)")
            return
        }
        #expect(malformedType == type)
        #expect(malformedData == data)
        #expect(reason.contains(reasonPart), "\(reason)")
    }

    @Test func codableRoundTripsEveryCase() throws {
        let events: [StreamEvent] = [
            decode("message_start", #"{"type":"message_start","message":{"id":"m","usage":{"input_tokens":1}}}"#),
            .contentBlockStart(index: 0, block: .text(text: "", citations: nil)),
            .contentBlockStart(index: 1, block: .toolUse(.init(id: "t", name: "n", input: [:]))),
            .contentBlockDelta(index: 0, delta: .text("a")),
            .contentBlockDelta(index: 1, delta: .inputJSON(partialJSON: "{")),
            .contentBlockDelta(index: 0, delta: .unknown(type: "x_delta", raw: ["type": "x_delta", "v": 2])),
            .contentBlockStop(index: 0),
            decode(
                "message_delta",
                #"{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":3}}"#),
            .messageStop, .ping, .error(APIErrorInfo(type: "overloaded_error", message: "Overloaded")),
            .unknown(type: "future", json: ["type": "future", "k": [1]]),
            .malformed(type: "content_block_delta", data: "{oops", reason: "invalid JSON at byte 1"),
        ]
        for event in events {
            let data = try JSONEncoder().encode(event)
            let decoded = try JSONDecoder().decode(StreamEvent.self, from: data)
            #expect(decoded == event)
        }
    }
}

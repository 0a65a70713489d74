import Testing

@testable import TapedeckCore

@Suite struct MessageAssemblerTests {
    @Test func assemblesThinkingCitedTextAndToolUse() throws {
        let message = assemble(AssemblerFixtures.fullStream).message
        #expect(message.isComplete)
        #expect(message.diagnostics.isEmpty, "\(message.diagnostics.elements)")
        #expect(message.id == "msg_01")
        #expect(message.model == "claude-sonnet-4-5")
        #expect(message.role == "assistant")
        #expect(message.stopReason == "tool_use")
        #expect(message.stopSequence == nil)
        #expect(message.eventCount == 19)
        #expect(message.firstContentDeltaEvent == 3)
        #expect(message.usage.inputTokens == 25)
        #expect(message.usage.outputTokens == 89)
        #expect(message.usage.cacheReadInputTokens == 10)
        #expect(message.content.map(\.kind) == [.thinking, .text, .toolUse])
        #expect(message.content[0].thinking == "Let me think.")
        #expect(message.content[0].signature == "EqQBCgIYAhIM")
        #expect(message.content[1].text == "Checking the weather.")
        #expect(message.content[1].citations.count == 1)
        let tool = message.content[2]
        #expect(tool.toolName == "get_weather")
        #expect(tool.toolUseID == "toolu_01")
        #expect(tool.inputJSON.string == #"{"location": "San Francisco, CA", "unit": "celsius", "days": 3.0}"#)
        #expect(tool.finalInput == .valid(["location": "San Francisco, CA", "unit": "celsius", "days": 3]))
        #expect(tool.input == ["location": "San Francisco, CA", "unit": "celsius", "days": 3])
        #expect(message.content.allSatisfy { $0.isStopped })
        #expect(message.streamOutcome == .complete)
    }

    @Test func messageJSONEqualsThePythonSDKsFinalMessage() throws {
        let message = assemble(AssemblerFixtures.fullStream).message
        #expect(message.messageJSON() == (try JSONValue.parse(AssemblerFixtures.fullStreamExpected)))
    }

    @Test func toolInputIsReadableWhileItStreams() {
        let lines = sseEvents(AssemblerFixtures.fullStream)
        var assembler = MessageAssembler()
        for event in lines.prefix(15) { assembler.apply(event) }
        let tool = assembler.message.content[2]
        #expect(!tool.isStopped)
        #expect(tool.partialInput == PartialJSONResult(value: ["location": "San Fra"], state: .incomplete))
        #expect(tool.input == ["location": "San Fra"])
        // The SDK drops a cut-off string, so the partial message JSON does too.
        #expect(assembler.message.messageJSON()["content"]?[2]?["input"] == [:])
    }

    @Test func snapshotsStayFixedWhileAssemblyContinues() {
        let events = sseEvents(AssemblerFixtures.fullStream)
        var assembler = MessageAssembler()
        var snapshots: [AssembledMessage] = []
        for event in events {
            assembler.apply(event)
            snapshots.append(assembler.message)
        }
        #expect(snapshots[3].content[0].thinking == "Let me ")
        #expect(snapshots[4].content[0].thinking == "Let me think.")
        #expect(snapshots[8].content[1].text == "Checking the ")
        #expect(snapshots[8].content[1].citations.isEmpty)
        #expect(snapshots[13].content[2].inputJSON.string == "")
        #expect(snapshots[14].content[2].inputJSON.string == #"{"location": "San Fra"#)
        #expect(snapshots.map(\.eventCount) == Array(1...19))
        #expect(!snapshots[17].isComplete && snapshots[18].isComplete)
    }

    @Test func copiesOfAnAssemblerDivergeIndependently() {
        let events = sseEvents(AssemblerFixtures.fullStream)
        var original = MessageAssembler()
        for event in events.prefix(9) { original.apply(event) }
        var copy = original
        original.apply(
            SSEEvent(
                event: "content_block_delta",
                data: #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"A"}}"#))
        copy.apply(
            SSEEvent(
                event: "content_block_delta",
                data: #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"B"}}"#))
        original.apply(
            SSEEvent(
                event: "content_block_delta",
                data: #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"C"}}"#))
        #expect(original.message.content[1].text == "Checking the AC")
        #expect(copy.message.content[1].text == "Checking the B")
    }

    @Test func mergesUsageAsTheSDKDoes() {
        let stream = """
            \(AssemblerFixtures.messageStart)
            message_delta {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":5,"input_tokens":null,"cache_read_input_tokens":12,"server_tool_use":{"web_search_requests":1},"unlisted":7}}
            message_delta {"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null,"container":{"id":"c1"}},"usage":{"output_tokens":9}}
            message_stop {"type":"message_stop"}
            """
        let message = assemble(stream).message
        #expect(message.usage.inputTokens == 25)
        #expect(message.usage.outputTokens == 9)
        #expect(message.usage.cacheReadInputTokens == 12)
        #expect(message.usage.other == ["service_tier": "standard", "server_tool_use": ["web_search_requests": 1]])
        #expect(message.stopReason == "max_tokens")
        let json = message.messageJSON()
        #expect(json["stop_details"] == .null)
        #expect(json["container"] == ["id": "c1"])
        #expect(json["usage"]?["unlisted"] == nil)
    }

    @Test func emptyToolInputKeepsTheStartInput() {
        let stream = """
            \(AssemblerFixtures.messageStart)
            content_block_start {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t","name":"noop","input":{}}}
            content_block_delta {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":""}}
            content_block_stop {"type":"content_block_stop","index":0}
            message_stop {"type":"message_stop"}
            """
        let message = assemble(stream).message
        #expect(message.diagnostics.isEmpty)
        #expect(message.content[0].finalInput == nil)
        #expect(message.content[0].input == [:])
        #expect(message.messageJSON()["content"]?[0]?["input"] == [:])
    }

    @Test func keepsUnknownBlocksAndDeltasVerbatim() {
        let stream = """
            \(AssemblerFixtures.messageStart)
            content_block_start {"type":"content_block_start","index":0,"content_block":{"type":"hologram","beams":[1,2]}}
            content_block_delta {"type":"content_block_delta","index":0,"delta":{"type":"beam_delta","beam":3}}
            content_block_stop {"type":"content_block_stop","index":0}
            message_stop {"type":"message_stop"}
            """
        let message = assemble(stream).message
        #expect(message.content[0].kind == .unknown)
        #expect(message.content[0].type == "hologram")
        #expect(
            message.content[0].unappliedDeltas.elements == [
                .unknown(type: "beam_delta", raw: ["type": "beam_delta", "beam": 3])
            ])
        #expect(message.messageJSON()["content"]?[0] == ["type": "hologram", "beams": [1, 2]])
        #expect(message.diagnostics.map(\.kind) == [.unknownBlockType, .unknownDeltaType])
        #expect(message.diagnostics.allSatisfy { $0.severity == .info })
        #expect(message.isComplete)
    }

    @Test func keepsRedactedThinkingAndServerToolBlocks() {
        let stream = """
            \(AssemblerFixtures.messageStart)
            content_block_start {"type":"content_block_start","index":0,"content_block":{"type":"redacted_thinking","data":"EmwKAhgB"}}
            content_block_stop {"type":"content_block_stop","index":0}
            content_block_start {"type":"content_block_start","index":1,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}}
            content_block_delta {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"query\\": \\"swift\\"}"}}
            content_block_stop {"type":"content_block_stop","index":1}
            content_block_start {"type":"content_block_start","index":2,"content_block":{"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[{"type":"web_search_result","title":"Swift","url":"https://swift.org"}]}}
            content_block_stop {"type":"content_block_stop","index":2}
            message_stop {"type":"message_stop"}
            """
        let message = assemble(stream).message
        #expect(message.diagnostics.isEmpty, "\(message.diagnostics.elements)")
        #expect(message.content[0].redactedData == "EmwKAhgB")
        #expect(message.content[1].input == ["query": "swift"])
        #expect(message.content[2].toolUseID == "srvtoolu_1")
        #expect(message.messageJSON()["content"]?[1]?["input"] == ["query": "swift"])
        #expect(message.messageJSON()["content"]?[2]?["content"]?[0]?["url"] == "https://swift.org")
    }

    @Test func finishIsIdempotent() {
        var assembler = assemble(AssemblerFixtures.messageStart)
        let count = assembler.diagnostics.count
        assembler.finish(trailing: nil)
        #expect(assembler.diagnostics.count == count)
    }
}

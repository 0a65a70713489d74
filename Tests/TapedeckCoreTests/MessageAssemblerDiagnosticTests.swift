import Testing

@testable import TapedeckCore

@Suite struct MessageAssemblerDiagnosticTests {
    private static let start = AssemblerFixtures.messageStart
    private static let textStart =
        #"content_block_start {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#
    private static func delta(_ index: Int, _ text: String) -> String {
        #"content_block_delta {"type":"content_block_delta","index":\#(index),"delta":{"type":"text_delta","text":"\#(text)"}}"#
    }
    private static func stop(_ index: Int) -> String {
        #"content_block_stop {"type":"content_block_stop","index":\#(index)}"#
    }
    private static let messageStop = #"message_stop {"type":"message_stop"}"#

    /// Each case: the stream, then the one diagnostic kind expected at the given event index.
    static let cases: [(String, [String], Diagnostic.Kind, Int)] = [
        ("delta for a block never started", [start, delta(3, "x"), messageStop], .unknownBlockIndex, 1),
        ("stop for a block never started", [start, stop(2), messageStop], .unknownBlockIndex, 1),
        ("delta after stop", [start, textStart, stop(0), delta(0, "late"), messageStop], .blockAlreadyStopped, 3),
        ("second stop", [start, textStart, stop(0), stop(0), messageStop], .blockAlreadyStopped, 3),
        (
            "skipped index",
            [start, textStart.replacingOccurrences(of: #""index":0"#, with: #""index":2"#), stop(2), messageStop],
            .blockIndexOutOfOrder, 1
        ),
        ("repeated index", [start, textStart, stop(0), textStart, stop(0), messageStop], .blockIndexOutOfOrder, 3),
        ("second message_start", [start, start, messageStop], .duplicateMessageStart, 1),
        ("content before message_start", [textStart, stop(0)], .missingMessageStart, 0),
        ("event after message_stop", [start, messageStop, textStart], .eventAfterMessageStop, 2),
        (
            "invalid tool input",
            [
                start,
                #"content_block_start {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t","name":"n","input":{}}}"#,
                #"content_block_delta {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"a\": tru"}}"#,
                stop(0), messageStop,
            ],
            .invalidToolInput, 3
        ),
        ("block never stopped", [start, textStart, messageStop], .blockNeverStopped, 3),
        ("no message_stop", [start, textStart, stop(0)], .missingMessageStop, 3),
        (
            "error event",
            [start, #"error {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#],
            .errorEvent, 1
        ),
        (
            "delta type that does not fit",
            [
                start, textStart,
                #"content_block_delta {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{"}}"#,
                stop(0), messageStop,
            ],
            .deltaTypeMismatch, 2
        ),
        ("data that is not JSON", [start, "content_block_delta {not json", messageStop], .malformedData, 1),
        ("unknown event type", [start, #"sparkle {"type":"sparkle"}"#, messageStop], .unknownEventType, 1),
    ]

    @Test(arguments: cases)
    func reportsEachProblemAtItsEvent(_ name: String, _ lines: [String], _ kind: Diagnostic.Kind, _ eventIndex: Int) {
        let message = assemble(lines.joined(separator: "\n")).message
        let matching = message.diagnostics.filter { $0.kind == kind }
        #expect(matching.count == 1, "\(name): \(message.diagnostics.elements)")
        #expect(matching.first?.eventIndex == eventIndex, "\(name)")
        #expect(matching.first?.message.isEmpty == false)
    }

    @Test func everyKindIsCovered() {
        let covered = Set(Self.cases.map(\.2) + [.unknownBlockType, .unknownDeltaType])
        #expect(covered == Set(Diagnostic.Kind.allCases))
    }

    @Test func malformedInputNeverLosesWhatWasAssembled() {
        let lines = [
            Self.start, Self.textStart, Self.delta(0, "Hello"), "content_block_delta {\"type\":\"content_blo",
            Self.delta(7, "lost?"), Self.stop(0), Self.stop(0), Self.delta(0, " world"),
        ]
        let message = assemble(lines.joined(separator: "\n")).message
        #expect(message.content[0].text == "Hello world")
        #expect(message.id == "msg_01")
        #expect(!message.isComplete)
        #expect(message.messageJSON()["content"]?[0]?["text"] == "Hello world")
    }

    @Test func errorEventIsRecordedAndMessageIsPartial() {
        let lines = [
            Self.start, Self.textStart, Self.delta(0, "Hi"),
            #"error {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
        ]
        let message = assemble(lines.joined(separator: "\n")).message
        #expect(message.error == APIErrorInfo(type: "overloaded_error", message: "Overloaded"))
        #expect(!message.isComplete)
        #expect(message.streamOutcome == .errorEvent)
        #expect(message.content[0].text == "Hi")
        #expect(message.diagnostics.map(\.kind) == [.errorEvent, .blockNeverStopped, .missingMessageStop])
    }

    @Test func missingMessageStopNamesTheTrailingFragment() {
        let lines = [Self.start, Self.textStart, Self.delta(0, "Hi")]
        let trailing = SSETrailingFragment(raw: Array("event: content_block_delta\ndata: {\"ty".utf8), offset: 812)
        let message = assemble(lines.joined(separator: "\n"), trailing: trailing).message
        let diagnostic = message.diagnostics.first { $0.kind == .missingMessageStop }
        #expect(diagnostic?.message.contains("\(trailing.raw.count) bytes") == true)
        #expect(diagnostic?.message.contains("byte 812") == true)
        #expect(message.trailingFragmentSize == trailing.raw.count)
        #expect(message.streamOutcome == .upstreamDisconnect)
        #expect(diagnostic?.severity == .error)
        #expect(diagnostic?.description.hasPrefix("at end: error missing_message_stop:") == true)
    }

    @Test func invalidToolInputKeepsTheRawText() {
        let lines = [
            Self.start,
            #"content_block_start {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t","name":"n","input":{}}}"#,
            #"content_block_delta {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"a\": [1, 2}"}}"#,
            Self.stop(0), Self.messageStop,
        ]
        let block = assemble(lines.joined(separator: "\n")).message.content[0]
        #expect(block.inputJSON.string == #"{"a": [1, 2}"#)
        guard case .invalid(let reason) = block.finalInput else {
            Issue.record("expected invalid input, got \(String(describing: block.finalInput))")
            return
        }
        #expect(reason.contains("byte 11"))
    }
}

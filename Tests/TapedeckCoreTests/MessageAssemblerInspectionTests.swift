import Foundation
import Testing

@testable import TapedeckCore

/// `tapedeck inspect`'s three views, tested through `StreamInspection`, plus the binary when
/// `TAPEDECK_BIN` is set (Scripts/test.sh sets it).
@Suite struct MessageAssemblerInspectionTests {
    static func sseBody(_ lines: String) -> [UInt8] {
        sseEvents(lines).flatMap { Array("event: \($0.type)\ndata: \($0.data)\n\n".utf8) }
    }

    static func sample(_ name: String) throws -> StreamInspection {
        let url = SampleEqualityTests.samplesDirectory.appendingPathComponent("\(name).sse")
        return StreamInspection(bytes: try Data(contentsOf: url))
    }

    @Test func summaryOfACompleteStream() {
        let inspection = StreamInspection(bytes: Self.sseBody(AssemblerFixtures.fullStream))
        #expect(inspection.outcome == .complete)
        let expected = """
            outcome:     COMPLETE
            message:     msg_01 (claude-sonnet-4-5, assistant)
            events:      19 in \(inspection.byteCount) bytes
            stop_reason: tool_use
            usage:       input 25, output 89, cache read 10, cache write 0, service_tier "standard"
            first delta: event 4
            blocks:      3
              [0] thinking: 13 characters, signed
              [1] text: 21 characters, 1 citation
              [2] tool_use get_weather (toolu_01): input 65 bytes, valid JSON
            diagnostics: none
            """
        #expect(inspection.summary() == expected)
    }

    @Test func summaryOfATruncatedStreamShowsWhatArrivedAndWhere() throws {
        let inspection = try Self.sample("cut_before_stop")
        #expect(inspection.outcome == .upstreamDisconnect)
        let summary = inspection.summary()
        #expect(summary.hasPrefix("outcome:     PARTIAL upstream_disconnect (no message_stop: partial response)"))
        #expect(summary.contains("trailing bytes never formed an event"))
        #expect(summary.contains("[0] text: 38 characters; never stopped"))
        #expect(summary.contains("error missing_message_stop:"))
        #expect(summary.contains("at end: warning block_never_stopped"))
    }

    @Test func summaryOfAnErrorEvent() throws {
        let inspection = try Self.sample("error_midstream")
        #expect(inspection.outcome == .errorEvent)
        let summary = inspection.summary()
        #expect(summary.hasPrefix("outcome:     PARTIAL error_event\nerror:       overloaded_error: Overloaded"))
        let errorIndex = try #require(inspection.events.firstIndex { $0.type == "error" })
        #expect(summary.contains("event \(errorIndex + 1): error error_event:"))
    }

    @Test func jsonViewIsTheAssembledMessage() throws {
        let inspection = try Self.sample("tool_use_parallel")
        let printed = try JSONValue.parse(inspection.messageJSONText())
        #expect(printed == (try SampleEqualityTests.expected("tool_use_parallel")))
        #expect(inspection.messageJSONText().contains("\n  \"content\": ["))
    }

    @Test func eventsViewHasOneLinePerEventWithContiguousOffsets() throws {
        let inspection = try Self.sample("cut_before_stop")
        let lines = inspection.eventLines()
        #expect(lines.count == inspection.events.count + 1)
        var expectedOffset = 0
        for (index, line) in lines.dropLast().enumerated() {
            let object = try JSONValue.parse(line)
            #expect(object["event"]?.intValue == index + 1)
            #expect(object["offset"]?.intValue == expectedOffset)
            #expect(object["type"]?.stringValue == object["data"]?["type"]?.stringValue)
            expectedOffset += object["length"]?.intValue ?? 0
        }
        let trailing = try JSONValue.parse(lines[lines.count - 1])["trailing_fragment"]
        #expect(trailing?["offset"]?.intValue == expectedOffset)
        #expect((trailing?["length"]?.intValue ?? 0) + expectedOffset == inspection.byteCount)
    }

    @Test func eventsViewKeepsDataThatIsNotJSON() {
        let inspection = StreamInspection(bytes: Array("event: content_block_delta\ndata: {oops\n\n".utf8))
        let line = inspection.eventLines().first.flatMap { try? JSONValue.parse($0) }
        #expect(line?["data"] == "{oops")
        #expect(line?["data_error"]?.stringValue?.contains("invalid JSON") == true)
        #expect(inspection.summary().contains("malformed_data"))
    }

    @Test func emptyInputIsATruncatedStreamWithNothingAssembled() {
        let inspection = StreamInspection(bytes: [UInt8]())
        #expect(inspection.outcome == .upstreamDisconnect)
        #expect(inspection.summary().contains("message:     (no message_start)"))
        #expect(inspection.eventLines().isEmpty)
        #expect(inspection.messageJSONText().contains("\"content\": []"))
    }
}

import Foundation
import TapedeckCore
import Testing

@testable import TapedeckExport

/// Every exporter writes a tool input's numbers as the API sent them (`12345678901234567890`, `1.0`, `-0.0`,
/// `699.0`), not as a `Double` would print them.
@Suite struct NumberExactnessExportTests {
    static let literals = [
        "12345678901234567890", "1.0", "-0.0", "699.0", "-0", "0.1", "1E+2", "1e-7", "2.50",
        "-123456789012345678901234567890.000",
        "9007199254740993", "1.7976931348623157e+309", "3.0e0",
    ]
    /// The tool input as the API streams it, compact.
    static let input =
        #"{"big":12345678901234567890,"f":1.0,"neg0":-0.0,"n":699.0,"all":["# + literals.joined(separator: ",") + "]}"

    /// A complete tool_use stream whose input arrives in 5-byte fragments, and a request carrying the same numbers.
    static func exchange(id: String = "0123abcdef", at startedAtNanos: Int64 = SampleExchanges.startedAtNanos)
        -> RecordedExchange
    {
        var events: [(String, JSONValue)] = [
            (
                "message_start",
                [
                    "type": "message_start",
                    "message": [
                        "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
                        "content": [], "stop_reason": nil, "stop_sequence": nil,
                        "usage": ["input_tokens": 10, "output_tokens": 1],
                    ],
                ]
            ),
            (
                "content_block_start",
                [
                    "type": "content_block_start", "index": 0,
                    "content_block": ["type": "tool_use", "id": "toolu_1", "name": "calc", "input": [:]],
                ]
            ),
        ]
        let bytes = Array(input.utf8)
        for start in stride(from: 0, to: bytes.count, by: 5) {
            let fragment = String(decoding: bytes[start..<min(start + 5, bytes.count)], as: UTF8.self)
            events.append(
                (
                    "content_block_delta",
                    [
                        "type": "content_block_delta", "index": 0,
                        "delta": ["type": "input_json_delta", "partial_json": .string(fragment)],
                    ]
                ))
        }
        events += [
            ("content_block_stop", ["type": "content_block_stop", "index": 0]),
            (
                "message_delta",
                ["type": "message_delta", "delta": ["stop_reason": "tool_use"], "usage": ["output_tokens": 40]]
            ),
            ("message_stop", ["type": "message_stop"]),
        ]
        let body = events.flatMap { SSEWriter.encode(event: $0.0, data: $0.1.serialized()) }
        let request =
            #"{"model":"claude-sonnet-4-5","max_tokens":1024,"temperature":1.0,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_0","content":"x"}]},{"role":"assistant","content":[{"type":"tool_use","id":"toolu_0","name":"calc","input":"#
            + input + "}]}]}"
        return ImportedExchange(
            startedAtNanos: startedAtNanos,
            requestHeaders: [HeaderField(name: "content-type", value: "application/json")],
            requestBody: Array(request.utf8), status: 200,
            responseHeaders: [HeaderField(name: "content-type", value: "text/event-stream")], isStreaming: true,
            responseBody: body, timing: .spread(firstByteNanos: 1_000_000, endNanos: 9_000_000), source: "test"
        ).recorded(id: id)
    }

    /// Every `"input": {...}` object in `value`, written compactly.
    static func inputs(in value: JSONValue) -> [String] {
        switch value {
        case .object(let object):
            var found: [String] = []
            for (key, member) in object {
                if key == "input", case .object = member { found.append(member.serialized()) }
                found += inputs(in: member)
            }
            return found
        case .array(let array): return array.flatMap { inputs(in: $0) }
        default: return []
        }
    }

    @Test func messageJSONExport() throws {
        let text = MessageJSONExporter.export(Self.exchange())
        #expect(Self.inputs(in: try JSONValue.parse(text)) == [Self.input])
        for literal in Self.literals { #expect(text.contains(literal), "\(literal)") }
    }

    @Test func jsonlExportImportsBackToTheSameInput() throws {
        let text = JSONLExporter.export(Self.exchange())
        let imported = try JSONLImporter.parse(Array(text.utf8), file: "x.jsonl")
        let back = try #require(imported.first)
        #expect(Self.inputs(in: MessageJSONExporter.message(back)) == [Self.input])
        #expect(back.summary.requestBody == Self.exchange().summary.requestBody)
    }

    @Test func markdownExport() throws {
        let text = MarkdownExporter.export(Self.exchange())
        for literal in Self.literals { #expect(text.contains(literal), "\(literal)") }
        // Each fenced JSON block parses back; the tool input is among them, numbers as sent.
        let blocks = text.components(separatedBy: "```json\n").dropFirst().compactMap {
            $0.components(separatedBy: "\n```").first
        }
        let parsed = blocks.compactMap { try? JSONValue.parse($0) }
        #expect(parsed.contains { $0.serialized() == Self.input })
    }

    @Test func harExportCarriesTheBytesAndImportsBack() throws {
        let text = HARExporter.export(Self.exchange())
        let document = try JSONValue.parse(text)
        let entry = try #require(document["log"]?["entries"]?[0])
        #expect(entry["request"]?["postData"]?["text"]?.stringValue?.contains(Self.input) == true)
        let back = try #require(try HARImporter.parse(Array(text.utf8), file: "x.har").first)
        #expect(Self.inputs(in: MessageJSONExporter.message(back)) == [Self.input])
    }

    @Test func sessionJSONAndMarkdownExport() throws {
        var exchange = Self.exchange()
        exchange.summary.sessionID = "5e55100000"
        exchange.summary.threadID = exchange.summary.id
        exchange.summary.turn = 1
        let session = RecordedSession(
            summary: SessionSummary(
                id: "5e55100000", key: "record:n", grouping: .record, client: nil,
                startedAtNanos: exchange.summary.startedAtNanos, lastAtNanos: exchange.summary.startedAtNanos),
            exchanges: [exchange])
        let json = try JSONValue.parse(SessionJSONExporter.export(session))
        // The request's earlier tool call and the streamed answer's: both as sent.
        #expect(Self.inputs(in: json) == [Self.input, Self.input])
        let markdown = SessionMarkdownExporter.export(session)
        for literal in Self.literals { #expect(markdown.contains(literal), "\(literal)") }
    }
}

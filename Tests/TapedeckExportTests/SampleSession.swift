import Foundation
import TapedeckCore

@testable import TapedeckExport

/// A deterministic session built from Samples/: a weather tool loop on the main thread (tool call, a 529 retried,
/// an answer, then a follow-up whose stream was cut) plus a side thread with thinking.
enum SampleSession {
    static let id = "5e55100000"
    static let t0 = SampleExchanges.startedAtNanos
    static let toolUseID = "toolu_01T1x1fJ34qAmk2tNTrN7Up6"

    /// The whole session: 5 exchanges, 2 threads.
    static func session() throws -> RecordedSession {
        let first = try sample("tool_use_single", id: "1000000001", at: 0, turn: 1)
        let side = try sample("thinking_text", id: "1000000004", at: 1_500, thread: "1000000004", turn: 1)
        let base = try JSONValue.parse(bytes: try SampleExchanges.bytes("tool_use_single", ".request.json"))
        let firstMessages = base["messages"]?.arrayValue ?? []
        let toolResult: JSONValue = [
            "role": "user",
            "content": [
                [
                    "type": "tool_result", "tool_use_id": .string(toolUseID),
                    "content": "15 degrees Celsius, sunny",
                ]
            ],
        ]
        let loopMessages =
            firstMessages + [
                ["role": "assistant", "content": ExchangeAssembly.answerContent(first) ?? .null], toolResult,
            ]
        let loopBody = body(base, messages: loopMessages)
        var overloaded = ImportedExchange(
            startedAtNanos: t0 + 3_000_000_000, requestHeaders: headers, requestBody: loopBody, status: 529,
            responseHeaders: [HeaderField(name: "content-type", value: "application/json")], isStreaming: false,
            responseBody: Array(
                #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#.utf8),
            timing: .spread(firstByteNanos: 300_000_000, endNanos: 300_000_000), source: "test"
        ).recorded(id: "1000000002")
        place(&overloaded, thread: "1000000001", turn: 2, continues: "1000000001")
        var retried = try sample(
            "text_basic", id: "1000000003", at: 4_000, turn: 2, continues: "1000000001", body: loopBody)
        retried.summary.attempt = 2
        retried.summary.retryOf = "1000000002"
        let followUp = body(
            base,
            messages: loopMessages + [
                ["role": "assistant", "content": ExchangeAssembly.answerContent(retried) ?? .null],
                ["role": "user", "content": "And tomorrow?"],
            ])
        let cut = try sample(
            "cut_before_stop", id: "1000000005", at: 8_000, turn: 3, continues: "1000000003", body: followUp)
        let summary = SessionSummary(
            id: id, key: "record:weather", grouping: .record, client: "anthropic-python 2.14.0", startedAtNanos: t0,
            lastAtNanos: t0 + 8_000_000_000)
        return RecordedSession(summary: summary, exchanges: [first, side, overloaded, retried, cut])
    }

    static let headers = [
        HeaderField(name: "content-type", value: "application/json"),
        HeaderField(name: "x-api-key", value: HeaderRedactor.marker(for: "sk-ant-test")),
    ]

    /// Sample `name` started `at` ms after t0, placed in the session.
    private static func sample(
        _ name: String, id: String, at millis: Int64, thread: String = "1000000001", turn: Int,
        continues: String? = nil, body: [UInt8]? = nil
    ) throws -> RecordedExchange {
        var exchange = ImportedExchange(
            startedAtNanos: t0 + millis * 1_000_000, requestHeaders: headers,
            requestBody: try body ?? SampleExchanges.bytes(name, ".request.json"), status: 200,
            responseHeaders: [HeaderField(name: "content-type", value: "text/event-stream; charset=utf-8")],
            isStreaming: true, responseBody: try SampleExchanges.bytes(name, ".sse"),
            timing: .spread(firstByteNanos: 200_000_000, endNanos: 1_200_000_000), source: "Samples/\(name).sse"
        ).recorded(id: id)
        place(&exchange, thread: thread, turn: turn, continues: continues)
        return exchange
    }

    private static func place(_ exchange: inout RecordedExchange, thread: String, turn: Int, continues: String?) {
        exchange.summary.sessionID = id
        exchange.summary.threadID = thread
        exchange.summary.turn = turn
        exchange.summary.continues = continues
    }

    /// `base` with its messages replaced, serialized.
    private static func body(_ base: JSONValue, messages: [JSONValue]) -> [UInt8] {
        guard case .object(var object) = base else { return [] }
        object["messages"] = .array(messages)
        return Array(JSONValue.object(object).serialized().utf8)
    }
}

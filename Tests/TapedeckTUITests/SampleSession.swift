import Foundation
import TapedeckCore

/// A recorded session made from the Samples: a tool loop (two tool rounds), one request answered 529 and
/// retried, a side thread (a title request) and a last user message whose stream was cut.
enum SampleSession {
    static let start: Int64 = 1_764_000_000_000_000_000
    static let second: Int64 = 1_000_000_000

    /// Exchange ids, in start order.
    static let ids = ["ex1weather", "ex2overld", "ex3retry", "ex4think", "ex5title", "ex6cut"]

    static func session() throws -> RecordedSession {
        let tools = try requestJSON("tool_use_parallel")["tools"] ?? .array([])
        let system: JSONValue = "You are a concise travel assistant. Use the tools when the user asks about places."
        func body(_ messages: [JSONValue], model: String = "claude-opus-4-1-20250805") -> [UInt8] {
            let object: JSONValue = .object(
                JSONObject([
                    ("model", .string(model)), ("max_tokens", 2048), ("system", system), ("tools", tools),
                    ("messages", .array(messages)), ("stream", true),
                ]))
            return Array(object.serialized().utf8)
        }
        let first = try SampleExchanges.exchange("tool_use_single")
        let parallel = try SampleExchanges.exchange("tool_use_parallel")
        let user1 = message("user", "What is the weather like in San Francisco?")
        let answer1 = message("assistant", ExchangeAssembly.answerContent(first) ?? .array([]))
        let results1 = message(
            "user", .array([toolResult("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "15°C, fog clearing by noon")]))
        let round2 = [user1, answer1, results1]
        let answer2 = message("assistant", ExchangeAssembly.answerContent(parallel) ?? .array([]))
        let results2 = message(
            "user",
            .array([
                toolResult("toolu_01Pz2HjKXAq4iy7WdXZoK8vQ", "Montréal: 4°C, light snow"),
                toolResult("toolu_01Ddz6qXM9WJmS5K2ZoZzJjx", "3 cafés open within 1 km", isError: true),
            ]))
        let round3 = round2 + [answer2, results2]
        let thinking = try SampleExchanges.exchange("thinking_text")
        let answer3 = message("assistant", ExchangeAssembly.answerContent(thinking) ?? .array([]))
        let round4 = round3 + [answer3, message("user", "fix the test, then run it again")]

        var exchanges: [RecordedExchange] = []
        var clock = start
        func add(
            _ exchange: RecordedExchange, id: String, after gap: Int64, request: [UInt8], thread: String, turn: Int,
            continues: String?, attempt: Int = 1, retryOf: String? = nil
        ) {
            var exchange = exchange
            clock += gap
            exchange.summary.id = id
            exchange.summary.startedAtNanos = clock
            exchange.summary.requestBody = request
            exchange.summary.sessionID = "5e55a1b2c3"
            exchange.summary.threadID = thread
            exchange.summary.turn = turn
            exchange.summary.continues = continues
            exchange.summary.attempt = attempt
            exchange.summary.retryOf = retryOf
            exchange.summary.note = nil
            clock += exchange.summary.durationNanos ?? 0
            exchanges.append(exchange)
        }
        add(first, id: ids[0], after: 0, request: body([user1]), thread: ids[0], turn: 1, continues: nil)
        add(
            overloaded(), id: ids[1], after: 3 * second, request: body(round2), thread: ids[0], turn: 2,
            continues: ids[0])
        add(
            parallel, id: ids[2], after: second / 2, request: body(round2), thread: ids[0], turn: 2,
            continues: ids[0], attempt: 2, retryOf: ids[1])
        add(
            thinking, id: ids[3], after: 4 * second, request: body(round3), thread: ids[0], turn: 3,
            continues: ids[2])
        add(
            try SampleExchanges.exchange("text_basic"), id: ids[4], after: second / 10,
            request: body(
                [message("user", "Write a 5-word title for this conversation.")], model: "claude-haiku-4-5"),
            thread: ids[4], turn: 1, continues: nil)
        add(
            try SampleExchanges.exchange("cut_before_stop"), id: ids[5], after: 42 * second, request: body(round4),
            thread: ids[0], turn: 4, continues: ids[3])
        let summary = SessionSummary(
            id: "5e55a1b2c3", key: "claude-code:0f3c", grouping: .claudeCodeHeader, client: "Claude Code 2.1.86",
            startedAtNanos: start, lastAtNanos: exchanges.last?.summary.startedAtNanos)
        return RecordedSession(summary: summary, exchanges: exchanges)
    }

    /// An HTTP 529 answer: no events, an error body.
    static func overloaded() -> RecordedExchange {
        let body = #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#
        let summary = ExchangeSummary(
            id: "overloaded", startedAtNanos: 0, method: "POST", path: "/v1/messages", status: 529,
            responseHeaders: [HeaderField(name: "content-type", value: "application/json")], isStreaming: false,
            model: "claude-opus-4-1-20250805", outcome: .httpError, firstByteNanos: 410_000_000,
            durationNanos: 420_000_000, errorType: "overloaded_error", errorMessage: "Overloaded")
        return RecordedExchange(summary: summary, events: [], trailingBytes: Array(body.utf8))
    }

    static func message(_ role: String, _ content: JSONValue) -> JSONValue {
        .object(JSONObject([("role", .string(role)), ("content", content)]))
    }

    static func toolResult(_ id: String, _ text: String, isError: Bool = false) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("type", "tool_result"), ("tool_use_id", .string(id)), ("content", .string(text)),
        ]
        if isError { pairs.append(("is_error", true)) }
        return .object(JSONObject(pairs))
    }

    static func requestJSON(_ name: String) throws -> JSONValue {
        let data = try Data(
            contentsOf: SampleExchanges.repositoryRoot.appendingPathComponent("Samples/\(name).request.json"))
        return try JSONValue.parse(bytes: Array(data))
    }
}

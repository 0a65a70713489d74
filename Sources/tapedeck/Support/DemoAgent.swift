import Foundation
import TapedeckCore
import TapedeckServe

/// A simulated agent run for the demo, as Claude Code would make it: a tool loop whose every request re-sends
/// the conversation with the previous answer and the tool results or a new question, an overloaded turn retried,
/// a side request for a title, and a last turn whose stream fails. The recorder groups it into one session.
struct DemoAgent: Sendable {
    /// One turn the agent takes: the scenario answering it and what it adds after the previous answer.
    private struct Turn: Sendable {
        var label: String
        var scenarios: [String]
        var followUp: FollowUp
    }

    /// What the agent appends after an answer.
    private enum FollowUp: Sendable {
        /// The first request: the sample's own messages.
        case start
        /// A `tool_result` for every `tool_use` of the previous answer.
        case toolResults
        /// A user message.
        case user(String)
    }

    /// The Claude Code session id every request carries (the header Claude Code 2.1.86+ sends).
    let sessionID = "d3m0a9e7-5e55-4c0d-a11c-0000000000\(Int.random(in: 10...99))"
    let client: DemoClient

    private var headers: [(String, String)] {
        [("x-claude-code-session-id", sessionID), ("user-agent", "claude-cli/2.1.86 (external, cli)")]
    }

    /// Runs the session against the proxy; returns one line per request, as the demo prints them.
    func run(library: SampleLibrary) async throws -> [DemoClient.Result] {
        let first = try library.sample("tool_use_parallel")
        guard var request = try first.request.map({ try JSONValue.parse(bytes: $0) }),
            case .object(var object) = request, var messages = object["messages"]?.arrayValue
        else { return [] }
        let turns = [
            Turn(label: "agent turn 1: plan, two tool calls", scenarios: ["tool_use_parallel"], followUp: .start),
            Turn(
                label: "agent turn 2: tool results", scenarios: ["overloaded", "server_tool_web_search"],
                followUp: .toolResults),
            Turn(
                label: "agent turn 3: a follow-up", scenarios: ["thinking_text"],
                followUp: .user("Is 1,001 a prime number, by the way?")),
            Turn(
                label: "agent turn 4: the stream that fails", scenarios: ["error_midstream"],
                followUp: .user("Now the French Revolution, briefly.")),
        ]
        var results: [DemoClient.Result] = []
        var answer: JSONValue?
        for (index, turn) in turns.enumerated() {
            if let answer {
                messages.append(["role": "assistant", "content": answer])
                switch turn.followUp {
                case .start: break
                case .toolResults: messages.append(Self.toolResults(for: answer))
                case .user(let text): messages.append(["role": "user", "content": .string(text)])
                }
            }
            object["messages"] = .array(messages)
            request = .object(object)
            for (attempt, scenario) in turn.scenarios.enumerated() {
                let label = attempt == 0 ? turn.label : "  retry of turn \(index + 1)"
                let result = await client.send(
                    label: label, scenario: scenario, body: request.serializedBytes(), headers: headers)
                results.append(result)
                answer = Self.answer(in: result.body)
            }
            if index == 0 {
                // Claude Code asks for a title on the side: its own thread in the same session.
                let title: JSONValue = [
                    "model": "claude-haiku-4-5", "max_tokens": 64, "stream": true,
                    "messages": [["role": "user", "content": "Write a five-word title for this conversation."]],
                ]
                results.append(
                    await client.send(
                        label: "side request: a title", scenario: "text_basic", body: title.serializedBytes(),
                        headers: headers))
            }
        }
        return results
    }

    /// The assembled answer's content blocks in a streamed body, nil when none came.
    static func answer(in body: [UInt8]) -> JSONValue? {
        let exchange = RecordedExchange.fromSSEBody(body, id: "demo")
        return ExchangeAssembly.answerContent(exchange)
    }

    /// A user message with a result for every tool call in `answer`.
    static func toolResults(for answer: JSONValue) -> JSONValue {
        let calls = answer.arrayValue?.filter { $0["type"]?.stringValue == "tool_use" } ?? []
        let results: [JSONValue] = calls.map { call in
            [
                "type": "tool_result", "tool_use_id": call["id"] ?? .null,
                "content": .string("(demo) \(call["name"]?.stringValue ?? "tool") returned 3 results"),
            ]
        }
        return ["role": "user", "content": .array(results)]
    }
}

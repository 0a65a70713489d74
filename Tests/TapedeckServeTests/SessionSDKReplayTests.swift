import Foundation
import TapedeckCore
import TapedeckTestSupport
import Testing

@testable import TapedeckServe

/// An agent's tool loop run by the official Python SDK against `serve --match session:ID`: the recorded run
/// (tool call, a 529 the SDK retried, the answer) replays turn by turn, and another session's exchange is never used.
@Suite struct SessionSDKReplayTests {
    /// A recorded exchange of session `session` answering with `sample`'s stream.
    private static func streamed(_ sample: Sample, id: String, at: Int64, session: String) -> RecordedExchange {
        var parser = SSEParser()
        let events = parser.feed(sample.sse).enumerated().map { index, event in
            RecordedEvent(sequence: index, offsetNanos: 0, type: event.type, data: event.data, raw: event.raw)
        }
        let summary = ExchangeSummary(
            id: id, startedAtNanos: at, method: "POST", path: "/v1/messages", requestBody: sample.request ?? [],
            status: 200,
            responseHeaders: [HeaderField(name: "content-type", value: "text/event-stream; charset=utf-8")],
            isStreaming: true, outcome: .complete, firstByteNanos: 0, eventCount: events.count, sessionID: session)
        return RecordedExchange(summary: summary, events: events)
    }

    @Test func theSDKReplaysARecordedToolLoopWithItsRetry() async throws {
        _ = try PythonVenv.interpreter()
        let library = try Fixtures.library()
        var overloaded = ReplayFixtures.json(
            id: "a2", startedAt: 3, status: 529,
            response: #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
            outcome: .httpError)
        overloaded.summary.responseHeaders.append(HeaderField(name: "retry-after", value: "0"))
        overloaded.summary.sessionID = "run"
        let exchanges = [
            Self.streamed(try library.sample("tool_use_single"), id: "a1", at: 1, session: "run"),
            Self.streamed(try library.sample("thinking_text"), id: "other", at: 2, session: "elsewhere"),
            overloaded,
            Self.streamed(try library.sample("text_basic"), id: "a3", at: 4, session: "run"),
        ]
        let server = ReplayServer(exchanges: exchanges, mode: .session("run"), speed: nil)
        let port = try await server.start()
        defer { Task { await server.shutdown() } }

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tapedeck-session-sdk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [[String: Any]] = [
            [
                "name": "loop", "base_url": "http://127.0.0.1:\(port)",
                "request": Fixtures.samplesDirectory.appendingPathComponent("tool_use_single.request.json").path,
                "tool_result": "15 degrees Celsius, sunny", "max_retries": 2,
            ]
        ]
        let casesFile = directory.appendingPathComponent("cases.json")
        try JSONSerialization.data(withJSONObject: cases).write(to: casesFile)
        let output = try await PythonVenv.run(script: "Tests/Interop/sdk_against_serve.py", [casesFile.path])
            .requireSuccess("Tests/Interop/sdk_against_serve.py").text
        let line = try #require(output.split(separator: "\n").first)
        let result = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(result["outcome"] as? String == "loop", "\(result)")
        #expect(result["stop_reasons"] as? [String] == ["tool_use", "end_turn"])
        #expect(result["final_text"] as? String == "Hello! How can I help you today?")
        #expect(result["messages"] as? Int == 3)
        // The 529 was served too (the SDK retried it): every exchange of the session is used up.
        let after = try await RawHTTP.exchange(port: port)
        #expect(after.status == 404)
        #expect(String(decoding: after.body, as: UTF8.self).contains("all 3 exchanges of session run"))
    }
}

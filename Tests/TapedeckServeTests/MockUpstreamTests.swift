import Foundation
import TapedeckCore
import TapedeckTestSupport
import Testing

@testable import TapedeckServe

@Suite struct MockUpstreamTests {
    private func json(_ bytes: [UInt8]) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(bytes))
        return try #require(object as? [String: Any])
    }

    @Test func everySampleStreamsByteForByteWithRandomChunking() async throws {
        let library = try Fixtures.library()
        let scenarios = library.names.enumerated().map { index, name in
            MockScenario.stream(library.samples[name]!, chunking: .random(seed: UInt64(index + 1)))
        }
        let mock = try await MockUpstream.start(scenarios: scenarios)
        defer { Task { await mock.shutdown() } }
        let port = try #require(await mock.port)
        for name in library.names {
            let response = try await RawHTTP.exchange(
                port: port, headers: [("x-mock-scenario", name)], body: library.samples[name]?.request ?? [])
            #expect(response.status == 200, "\(name)")
            #expect(response.header("content-type") == "text/event-stream; charset=utf-8")
            #expect(response.body == library.samples[name]?.sse, "\(name)")
            // Truncated samples (cut_before_stop) are served cut: no terminating chunk.
            #expect(response.isComplete == !(library.samples[name]?.isTruncated ?? true), "\(name)")
        }
    }

    @Test func chunksOnTheWireFollowTheScript() async throws {
        let scenario = MockScenario.stream(Fixtures.inlineSample, chunking: .random(seed: 4))
        let mock = try await MockUpstream.start(scenarios: [scenario])
        defer { Task { await mock.shutdown() } }
        let response = try await RawHTTP.exchange(port: try #require(await mock.port))
        #expect(response.chunkSizes == scenario.response.parts.map(\.bytes.count))
        #expect(response.body == Fixtures.inlineSample.sse)
    }

    @Test func cutScenarioStopsAtTheByteWithoutTerminatingChunk() async throws {
        let sample = Fixtures.inlineSample
        let mock = try await MockUpstream.start(scenarios: [.cut(sample, atByte: 100, name: "cut")])
        defer { Task { await mock.shutdown() } }
        let response = try await RawHTTP.exchange(port: try #require(await mock.port))
        #expect(response.status == 200)
        #expect(response.body == Array(sample.sse.prefix(100)))
        #expect(!response.isComplete)
        #expect(!response.rawBody.suffix(5).elementsEqual(Array("0\r\n\r\n".utf8)))
    }

    @Test func rateLimitedIs429WithAnAnthropicErrorBodyAndRetryAfter() async throws {
        let mock = try await MockUpstream.start(scenarios: [.rateLimited(retryAfterSeconds: 7)])
        defer { Task { await mock.shutdown() } }
        let response = try await RawHTTP.exchange(port: try #require(await mock.port))
        #expect(response.status == 429)
        #expect(response.header("retry-after") == "7")
        #expect(response.header("content-type") == "application/json")
        let body = try json(response.body)
        #expect(body["type"] as? String == "error")
        let error = try #require(body["error"] as? [String: Any])
        #expect(error["type"] as? String == "rate_limit_error")
        #expect((error["message"] as? String)?.isEmpty == false)
    }

    @Test func overloadedIs529WithOverloadedError() async throws {
        let mock = try await MockUpstream.start(scenarios: [.overloaded()])
        defer { Task { await mock.shutdown() } }
        let response = try await RawHTTP.exchange(port: try #require(await mock.port))
        #expect(response.status == 529)
        let error = try #require(try json(response.body)["error"] as? [String: Any])
        #expect(error["type"] as? String == "overloaded_error")
        #expect(error["message"] as? String == "Overloaded")
    }

    @Test func nonStreamingAnswersTheExpectedMessageAsJSON() async throws {
        let sample = Fixtures.inlineSample
        let mock = try await MockUpstream.start(scenarios: [.nonStreaming(sample)])
        defer { Task { await mock.shutdown() } }
        let response = try await RawHTTP.exchange(port: try #require(await mock.port))
        #expect(response.status == 200)
        #expect(response.header("content-type") == "application/json")
        #expect(response.header("content-length") == String(sample.expected?.count ?? -1))
        #expect(response.body == sample.expected)
    }

    @Test func trickleSendsSmallWritesAndTheWholeStream() async throws {
        let sample = Fixtures.inlineSample
        let mock = try await MockUpstream.start(
            scenarios: [.trickle(sample, bytesPerWrite: 7, intervalNanos: 1_000_000)])
        defer { Task { await mock.shutdown() } }
        let response = try await RawHTTP.exchange(port: try #require(await mock.port))
        #expect(response.body == sample.sse)
        #expect(response.chunkSizes.allSatisfy { $0 <= 7 })
        #expect(response.chunkSizes.count == (sample.sse.count + 6) / 7)
    }

    @Test func headerSelectsThenQueueThenFirstScenario() async throws {
        let mock = try await MockUpstream.start(
            scenarios: [.stream(Fixtures.inlineSample, name: "ok"), .overloaded(), .rateLimited()],
            queue: ["overloaded", "rate_limited"])
        defer { Task { await mock.shutdown() } }
        let port = try #require(await mock.port)
        let statuses = [
            try await RawHTTP.exchange(port: port, headers: [("X-Mock-Scenario", "rate_limited")]).status,
            try await RawHTTP.exchange(port: port).status,
            try await RawHTTP.exchange(port: port).status,
            try await RawHTTP.exchange(port: port).status,
        ]
        #expect(statuses == [429, 529, 429, 200])
        let requests = await mock.requests
        #expect(requests.map(\.scenario) == ["rate_limited", "overloaded", "rate_limited", "ok"])
    }

    @Test func requestsAreRecordedWithBodyAndHeaders() async throws {
        let mock = try await MockUpstream.start(scenarios: [.stream(Fixtures.inlineSample)])
        defer { Task { await mock.shutdown() } }
        let body = Array(#"{"model":"claude-test","stream":true}"#.utf8)
        _ = try await RawHTTP.exchange(
            port: try #require(await mock.port), headers: [("x-api-key", "sk-test")], body: body)
        let request = try #require(await mock.requests.first)
        #expect(request.request.body == body)
        #expect(request.request.header("X-API-KEY") == "sk-test")
        #expect(request.request.path == "/v1/messages")
    }

    @Test func unknownScenarioAndPathGetAnthropicErrors() async throws {
        let mock = try await MockUpstream.start(scenarios: [.overloaded()])
        defer { Task { await mock.shutdown() } }
        let port = try #require(await mock.port)
        let unknown = try await RawHTTP.exchange(port: port, headers: [("x-mock-scenario", "nope")])
        #expect(unknown.status == 400)
        let message = try #require((try json(unknown.body)["error"] as? [String: Any])?["message"] as? String)
        #expect(message.contains("nope") && message.contains("overloaded"))
        let wrongPath = try await RawHTTP.exchange(port: port, method: "GET", path: "/v1/models")
        #expect(wrongPath.status == 404)
        #expect((try json(wrongPath.body)["error"] as? [String: Any])?["type"] as? String == "not_found_error")
    }

    @Test func shutdownStopsListening() async throws {
        let mock = try await MockUpstream.start(scenarios: [.overloaded()])
        let port = try #require(await mock.port)
        await mock.shutdown()
        await #expect(throws: (any Error).self) { try await RawHTTP.exchange(port: port) }
    }
}

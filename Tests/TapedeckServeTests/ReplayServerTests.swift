import Foundation
import TapedeckCore
import TapedeckTestSupport
import Testing

@testable import TapedeckServe

@Suite struct ReplayServerTests {
    private func start(
        _ exchanges: [RecordedExchange], mode: ReplayMatchMode = .body, speed: Double? = nil,
        loop: Bool = false
    ) async throws -> (ReplayServer, Int) {
        let server = ReplayServer(exchanges: exchanges, mode: mode, speed: speed, loop: loop)
        return (server, try await server.start())
    }

    private func errorObject(_ response: RawResponse) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        #expect(object?["type"] as? String == "error")
        return try #require(object?["error"] as? [String: Any])
    }

    @Test func bodyMatchIgnoresKeyOrderAndWhitespace() async throws {
        let wanted = ReplayFixtures.streaming(
            id: "aa", body: #"{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}"#,
            events: ReplayFixtures.basicEvents)
        let other = ReplayFixtures.streaming(
            id: "bb", startedAt: 1, body: #"{"model":"m","stream":true}"#, events: ["event: ping\ndata: {}\n\n"])
        let (server, port) = try await start([other, wanted])
        defer { Task { await server.shutdown() } }
        let request = #"{ "messages": [ {"content": "hi", "role": "user"} ], "stream": true, "model": "m" }"#
        let response = try await RawHTTP.exchange(port: port, body: Array(request.utf8))
        #expect(response.status == 200)
        #expect(response.body == wanted.responseBody)
        #expect(response.isComplete)
        #expect(response.header("request-id") == "req_recorded")
        #expect(response.header("content-type") == "text/event-stream; charset=utf-8")
    }

    @Test func identicalRequestsWalkARecordedRetryChain() async throws {
        let body = #"{"model":"m","stream":true}"#
        let overloaded = ReplayFixtures.json(
            id: "a1", startedAt: 1, body: body, status: 529,
            response: #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
            outcome: .httpError)
        let success = ReplayFixtures.streaming(id: "a2", startedAt: 2, body: body, events: ReplayFixtures.basicEvents)
        let (server, port) = try await start([success, overloaded])
        defer { Task { await server.shutdown() } }
        var statuses: [Int] = []
        for _ in 0..<3 {
            statuses.append(try await RawHTTP.exchange(port: port, body: Array(body.utf8)).status)
        }
        #expect(statuses == [529, 200, 200])
    }

    @Test func unmatchedRequestGetsA404ThatSaysHowToRecord() async throws {
        let (server, port) = try await start([ReplayFixtures.streaming(id: "aa", events: ReplayFixtures.basicEvents)])
        defer { Task { await server.shutdown() } }
        let response = try await RawHTTP.exchange(port: port, body: Array(#"{"model":"other"}"#.utf8))
        #expect(response.status == 404)
        let error = try errorObject(response)
        #expect(error["type"] as? String == "not_found_error")
        let message = try #require(error["message"] as? String)
        #expect(message.contains("tapedeck record"))
        #expect(message.contains("match mode: body"))
    }

    @Test func sequenceServesOldestFirstThenRefusesUnlessLooping() async throws {
        let exchanges = (0..<3).map { index in
            ReplayFixtures.streaming(
                id: "s\(index)", startedAt: Int64(10 - index), events: ["event: n\(index)\ndata: {}\n\n"])
        }
        let (server, port) = try await start(exchanges, mode: .sequence)
        defer { Task { await server.shutdown() } }
        var bodies: [String] = []
        for _ in 0..<3 {
            let response = try await RawHTTP.exchange(port: port)
            bodies.append(String(decoding: response.body, as: UTF8.self))
        }
        #expect(bodies == ["event: n2\ndata: {}\n\n", "event: n1\ndata: {}\n\n", "event: n0\ndata: {}\n\n"])
        let exhausted = try await RawHTTP.exchange(port: port)
        #expect(exhausted.status == 404)
        #expect((try errorObject(exhausted)["message"] as? String)?.contains("--loop") == true)

        let (looping, loopPort) = try await start(exchanges, mode: .sequence, loop: true)
        defer { Task { await looping.shutdown() } }
        var looped: [String] = []
        for _ in 0..<4 {
            looped.append(String(decoding: try await RawHTTP.exchange(port: loopPort).body, as: UTF8.self))
        }
        #expect(looped == bodies + [bodies[0]])
    }

    @Test func exchangeModeAlwaysServesThatExchange() async throws {
        let first = ReplayFixtures.streaming(id: "first", events: ["event: a\ndata: {}\n\n"])
        let second = ReplayFixtures.streaming(id: "second", startedAt: 5, events: ["event: b\ndata: {}\n\n"])
        let (server, port) = try await start([first, second], mode: .exchange("second"))
        defer { Task { await server.shutdown() } }
        for body in ["", #"{"x":1}"#] {
            let response = try await RawHTTP.exchange(port: port, body: Array(body.utf8))
            #expect(response.body == second.responseBody)
        }
        let (missing, missingPort) = try await start([first], mode: .exchange("nope"))
        defer { Task { await missing.shutdown() } }
        #expect(try await RawHTTP.exchange(port: missingPort).status == 404)
    }

    @Test func cutExchangeIsReservedCutAfterItsTrailingFragment() async throws {
        let cut = ReplayFixtures.streaming(
            id: "cut", events: Array(ReplayFixtures.basicEvents.prefix(2)),
            trailing: "event: content_block_delta\ndata: {\"type\":\"content_bl", outcome: .upstreamDisconnect)
        let (server, port) = try await start([cut], mode: .sequence)
        defer { Task { await server.shutdown() } }
        let response = try await RawHTTP.exchange(port: port)
        #expect(response.status == 200)
        #expect(response.body == cut.responseBody)
        #expect(!response.isComplete)
    }

    @Test func errorEventExchangeEndsCleanly() async throws {
        let errored = ReplayFixtures.streaming(
            id: "err",
            events: [
                ReplayFixtures.basicEvents[0],
                "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n",
            ], outcome: .errorEvent)
        let (server, port) = try await start([errored], mode: .sequence)
        defer { Task { await server.shutdown() } }
        let response = try await RawHTTP.exchange(port: port)
        #expect(response.body == errored.responseBody)
        #expect(response.isComplete)
    }

    @Test func nonStreamingResponsesKeepStatusAndGetAFreshContentLength() async throws {
        let json = #"{"type":"message","content":[{"type":"text","text":"hi"}]}"#
        var exchange = ReplayFixtures.json(id: "j", status: 200, response: json, outcome: .nonStreaming)
        exchange.summary.responseHeaders.append(HeaderField(name: "Connection", value: "keep-alive"))
        exchange.summary.responseHeaders[1].value = "99999"
        let (server, port) = try await start([exchange], mode: .sequence)
        defer { Task { await server.shutdown() } }
        let response = try await RawHTTP.exchange(port: port)
        #expect(response.status == 200)
        #expect(response.header("content-length") == String(json.utf8.count))
        #expect(response.header("connection") != "keep-alive")
        #expect(response.body == Array(json.utf8))
    }

    @Test func unreachableExchangeAnswers502() async throws {
        let summary = ExchangeSummary(
            id: "u", startedAtNanos: 0, method: "POST", path: "/v1/messages", outcome: .upstreamUnreachable,
            errorMessage: "connection refused")
        let (server, port) = try await start([RecordedExchange(summary: summary, events: [])], mode: .sequence)
        defer { Task { await server.shutdown() } }
        let response = try await RawHTTP.exchange(port: port)
        #expect(response.status == 502)
        #expect((try errorObject(response)["message"] as? String)?.contains("connection refused") == true)
    }

    @Test func inProgressExchangesAreNotServed() async throws {
        let live = ReplayFixtures.streaming(id: "live", events: ["event: a\ndata: {}\n\n"], outcome: .inProgress)
        let (server, port) = try await start([live], mode: .sequence)
        defer { Task { await server.shutdown() } }
        #expect(try await RawHTTP.exchange(port: port).status == 404)
    }

    @Test func replayScriptFollowsRecordedOffsets() {
        let exchange = ReplayFixtures.streaming(
            id: "t", events: ReplayFixtures.basicEvents, offsetsMillis: [100, 150, 400], trailing: "event: x",
            trailingAtMillis: 450, outcome: .upstreamDisconnect, firstByteMillis: 90)
        let script = ScriptedResponse(replaying: exchange)
        #expect(script.headDelayNanos == 90_000_000)
        #expect(script.parts.map(\.delayNanos) == [10_000_000, 50_000_000, 250_000_000, 50_000_000])
        #expect(script.ending == .cut)
        #expect(script.body == exchange.responseBody)
        #expect(script.scaled(bySpeed: 10).totalDelayNanos == 45_000_000)
    }

    @Test func speedOneKeepsRecordedTimingAndInstantSkipsIt() async throws {
        // Deadlines are tested on a fake clock (ScriptedScheduleTests); here only what holds on any machine: the
        // recorded waits are never skipped at speed 1 (a lower bound), and instant replay plans no wait at all.
        let exchange = ReplayFixtures.streaming(
            id: "slow", events: ReplayFixtures.basicEvents, offsetsMillis: [50, 200, 300])
        let clock = ContinuousClock()
        let (real, realPort) = try await start([exchange], mode: .sequence, speed: 1)
        defer { Task { await real.shutdown() } }
        let began = clock.now
        #expect(try await RawHTTP.exchange(port: realPort).body == exchange.responseBody)
        #expect(clock.now - began >= .milliseconds(300))

        let long = ReplayFixtures.streaming(
            id: "long", events: ReplayFixtures.basicEvents, offsetsMillis: [1000, 3000, 5000])
        let (instant, instantPort) = try await start([long], mode: .exchange("long"), speed: nil)
        defer { Task { await instant.shutdown() } }
        #expect(try await RawHTTP.exchange(port: instantPort).body == long.responseBody)
        // What the server plans for the next request (the same exchange): the recording's 5 s of waits, none kept.
        let planned = await instant.answer(
            IncomingRequest(method: "POST", path: "/v1/messages", query: nil, headers: [], body: []))
        #expect(ScriptedResponse(replaying: long).totalDelayNanos == 5_000_000_000)
        #expect(planned.body == long.responseBody && planned.totalDelayNanos == 0)
    }

    @Test func matchModeArguments() {
        #expect(ReplayMatchMode(argument: "body") == .body)
        #expect(ReplayMatchMode(argument: "sequence") == .sequence)
        #expect(ReplayMatchMode(argument: "exchange:abc") == .exchange("abc"))
        #expect(ReplayMatchMode(argument: "exchange:") == nil)
        #expect(ReplayMatchMode(argument: "bodies") == nil)
    }
}

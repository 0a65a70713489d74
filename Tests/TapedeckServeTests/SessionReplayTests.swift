import Foundation
import TapedeckCore
import TapedeckTestSupport
import Testing

@testable import TapedeckServe

/// `serve --match session:ID`: a session's exchanges in order, a matching request first, never another session's.
@Suite struct SessionReplayTests {
    /// A streaming exchange of session `session` whose request body is `body` and whose stream is one event `name`.
    private func member(_ id: String, at: Int64, session: String?, body: String) -> RecordedExchange {
        var exchange = ReplayFixtures.streaming(
            id: id, startedAt: at, body: body, events: ["event: \(id)\ndata: {}\n\n"])
        exchange.summary.sessionID = session
        return exchange
    }

    private func served(_ response: RawResponse) -> String {
        String(decoding: response.body, as: UTF8.self).split(separator: "\n").first.map(String.init)
            ?? "status \(response.status)"
    }

    @Test func requestsThatMatchNothingGetTheSessionsExchangesInOrderThenA404() async throws {
        let exchanges = [
            member("t1", at: 1, session: "run", body: #"{"n":1}"#),
            member("other", at: 2, session: "elsewhere", body: #"{"n":9}"#),
            member("t2", at: 3, session: "run", body: #"{"n":2}"#),
            member("t3", at: 4, session: "run", body: #"{"n":3}"#),
        ]
        let server = ReplayServer(exchanges: exchanges.reversed(), mode: .session("run"), speed: nil)
        let port = try await server.start()
        defer { Task { await server.shutdown() } }
        var seen: [String] = []
        for _ in 0..<3 {
            seen.append(served(try await RawHTTP.exchange(port: port, body: Array(#"{"changed":true}"#.utf8))))
        }
        #expect(seen == ["event: t1", "event: t2", "event: t3"])
        let exhausted = try await RawHTTP.exchange(port: port)
        #expect(exhausted.status == 404)
        #expect(String(decoding: exhausted.body, as: UTF8.self).contains("all 3 exchanges of session run"))
    }

    @Test func aMatchingRequestGetsItsTurnAndARetryChainReplaysInOrder() async throws {
        let retried = #"{"messages":[{"role":"user","content":"weather?"}],"model":"m"}"#
        var overloaded = ReplayFixtures.json(
            id: "a1", startedAt: 2, body: retried, status: 529,
            response: #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
            outcome: .httpError)
        overloaded.summary.sessionID = "run"
        let exchanges = [
            member("title", at: 1, session: "run", body: #"{"title":true}"#), overloaded,
            member("a2", at: 3, session: "run", body: retried),
            member("a3", at: 4, session: "run", body: #"{"n":3}"#),
        ]
        let server = ReplayServer(exchanges: exchanges, mode: .session("run"), speed: nil)
        let port = try await server.start()
        defer { Task { await server.shutdown() } }
        // Key order differs from the recording: still the same request.
        let request = Array(#"{"model":"m","messages":[{"content":"weather?","role":"user"}]}"#.utf8)
        let first = try await RawHTTP.exchange(port: port, body: request)
        #expect(first.status == 529)
        #expect(served(try await RawHTTP.exchange(port: port, body: request)) == "event: a2")
        // Nothing matches: the next exchange after the last one served, then the one skipped at the start.
        #expect(served(try await RawHTTP.exchange(port: port, body: Array("{}".utf8))) == "event: a3")
        #expect(served(try await RawHTTP.exchange(port: port, body: Array("{}".utf8))) == "event: title")
    }

    @Test func loopStartsTheSessionOverAndAnUnknownSessionIsA404() async throws {
        let exchanges = [
            member("t1", at: 1, session: "run", body: "{}"), member("t2", at: 2, session: "run", body: "{}"),
        ]
        let server = ReplayServer(exchanges: exchanges, mode: .session("run"), speed: nil, loop: true)
        let port = try await server.start()
        defer { Task { await server.shutdown() } }
        var seen: [String] = []
        for _ in 0..<3 { seen.append(served(try await RawHTTP.exchange(port: port, body: Array("{}".utf8)))) }
        #expect(seen == ["event: t1", "event: t2", "event: t1"])

        let missing = ReplayServer(exchanges: exchanges, mode: .session("nope"), speed: nil)
        let missingPort = try await missing.start()
        defer { Task { await missing.shutdown() } }
        let response = try await RawHTTP.exchange(port: missingPort)
        #expect(response.status == 404)
        #expect(String(decoding: response.body, as: UTF8.self).contains("no recorded exchange belongs to session nope"))
    }

    @Test func sessionMatchArgument() {
        #expect(ReplayMatchMode(argument: "session:5e1a") == .session("5e1a"))
        #expect(ReplayMatchMode(argument: "session:") == nil)
        #expect(ReplayMatchMode.session("5e1a").description == "session:5e1a")
    }
}

import Foundation
import TapedeckCore
import TapedeckStore
import TapedeckTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `tapedeck serve` as a process: banner, answers, refusal of remote addresses, clean exit on SIGTERM.
@Suite struct ServeCommandTests {
    @Test func servesARecordedExchangeThenExitsOnSIGTERM() async throws {
        let directory = try makeTemporaryDirectory("tapedeck-serve-cli")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("rec.sqlite").path
        let exchange = ReplayFixtures.streaming(id: "c0ffee0001", events: ReplayFixtures.basicEvents)
        do {
            let store = try TapedeckStore(path: database)
            try store.insert(exchange)
            try store.close()
        }

        let serve = try ChildProcess(
            TapedeckExecutable.url(), ["serve", "--db", database, "--listen", "127.0.0.1:0", "--instant"])
        defer { serve.signal(SIGKILL) }

        let banner = try #require(
            await serve.firstStderrLine { $0.contains("http://127.0.0.1:") },
            "no banner from tapedeck serve")
        #expect(banner.hasPrefix("tapedeck serve: 1 exchange from "))
        #expect(banner.contains("match body") && banner.contains("instant"))
        let portText = try #require(banner.split(separator: "http://127.0.0.1:").last?.prefix { $0.isNumber })
        let port = try #require(Int(portText))

        let response = try await RawHTTP.exchange(
            port: port, body: Array(#"{"stream": true, "model": "m"}"#.utf8))
        #expect(response.status == 200)
        #expect(response.body == exchange.responseBody)

        serve.signal(SIGTERM)
        #expect(await serve.waitForExit() == 0)
    }

    @Test func matchSessionReplaysOneRecordedRunInOrder() async throws {
        let directory = try makeTemporaryDirectory("tapedeck-serve-cli")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("rec.sqlite").path
        var runExchanges: [RecordedExchange] = []
        for (index, name) in ["first", "second"].enumerated() {
            var exchange = ReplayFixtures.streaming(
                id: "c0ffee000\(index)", startedAt: Int64(index) * 2_000_000_000, body: #"{"turn":"\#(name)"}"#,
                events: ["event: \(name)\ndata: {}\n\n"])
            exchange.summary.requestHeaders = [HeaderField(name: "X-Claude-Code-Session-Id", value: "run-a")]
            runExchanges.append(exchange)
        }
        let outsider = ReplayFixtures.streaming(
            id: "c0ffee0009", startedAt: 1_000_000_000, body: #"{"turn":"outsider"}"#,
            events: ["event: outsider\ndata: {}\n\n"])
        let sessionID: String
        do {
            let store = try TapedeckStore(path: database)
            try store.insert(runExchanges + [outsider])
            sessionID = try #require(try store.sessions().first { $0.summary.key == "claude-code:run-a" }?.summary.id)
            try store.close()
        }

        let serve = try ChildProcess(
            TapedeckExecutable.url(),
            [
                "serve", "--db", database, "--listen", "127.0.0.1:0", "--instant", "--match",
                "session:\(sessionID.prefix(6))",
            ])
        defer { serve.signal(SIGKILL) }
        let banner = try #require(
            await serve.firstStderrLine { $0.contains("http://127.0.0.1:") },
            "no banner from tapedeck serve")
        #expect(banner.hasPrefix("tapedeck serve: 2 exchanges from "))
        #expect(banner.contains("match session:\(sessionID)"))
        let portText = try #require(banner.split(separator: "http://127.0.0.1:").last?.prefix { $0.isNumber })
        let port = try #require(Int(portText))

        let second = try await RawHTTP.exchange(port: port, body: Array(#"{"turn": "second"}"#.utf8))
        #expect(second.body == runExchanges[1].responseBody, "a matching request gets its own turn")
        let unmatched = try await RawHTTP.exchange(port: port, body: Array(#"{"turn":"outsider"}"#.utf8))
        #expect(unmatched.body == runExchanges[0].responseBody, "another session's exchange is never served")
        #expect(try await RawHTTP.exchange(port: port).status == 404)
        serve.signal(SIGTERM)
    }

    @Test func refusesANonLoopbackAddressWithoutAllowRemote() async throws {
        let directory = try makeTemporaryDirectory("tapedeck-serve-cli")
        defer { try? FileManager.default.removeItem(at: directory) }
        let serve = try ChildProcess(
            TapedeckExecutable.url(),
            [
                "serve", "--db", directory.appendingPathComponent("none.sqlite").path, "--listen", "0.0.0.0:0",
            ])
        let message = await serve.firstStderrLine { $0.contains("allow-remote") }
        #expect(await serve.waitForExit() != 0)
        #expect(message != nil)
    }
}

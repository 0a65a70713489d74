import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import TapedeckTestSupport
import Testing

@testable import TapedeckCore
@testable import TapedeckProxy

@Suite(.timeLimit(.minutes(1))) struct CaptureProxyOutcomeTests {
    private func exchange(
        _ script: ScriptedResponse, idleTimeout: TimeAmount = .seconds(30)
    ) async throws -> (ClientResult, RecordedExchange) {
        let upstream = try await TestUpstream { _ in script }
        let harness = try await ProxyHarness(upstreamPort: upstream.port, idleTimeout: idleTimeout)
        let client = try await TestClient(port: harness.proxy.port)
        try await client.send(body: Array(#"{"model":"claude-from-request","stream":true}"#.utf8))
        let result = await client.response()
        let exchange = try await harness.nextExchange()
        await client.close()
        await harness.shutdown()
        await upstream.shutdown()
        return (result, exchange)
    }

    @Test func errorEventPassesTheCleanEndAndIsRecorded() async throws {
        let (result, exchange) = try await exchange(
            .stream(SampleStream.chunked(SampleStream.errorEvent)))
        #expect(result.completed)
        #expect(result.body == SampleStream.errorEvent)
        #expect(exchange.summary.outcome == .errorEvent)
        #expect(exchange.summary.errorType == "overloaded_error")
        #expect(exchange.summary.errorMessage == "Overloaded")
        #expect(exchange.responseBody == SampleStream.errorEvent)
    }

    @Test func httpErrorIsForwardedAndRecordedWithItsBody() async throws {
        let body = Array(#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#.utf8)
        let (result, exchange) = try await exchange(
            .body([body], status: 529, contentType: "application/json"))
        #expect(result.head?.status.code == 529)
        #expect(result.completed)
        #expect(result.body == body)
        #expect(exchange.summary.outcome == .httpError)
        #expect(exchange.summary.status == 529)
        #expect(exchange.summary.errorType == "overloaded_error")
        #expect(exchange.trailingBytes == body)
        #expect(exchange.summary.model == "claude-from-request")
    }

    @Test func upstreamCutBreaksTheClientBody() async throws {
        let bytes = SampleStream.withoutStop
        let (result, exchange) = try await exchange(.stream(SampleStream.chunked(bytes), ending: .cut))
        #expect(!result.completed, "the client must see an aborted body, not a clean end")
        #expect(result.body == bytes)
        #expect(exchange.summary.outcome == .upstreamDisconnect)
        #expect(exchange.responseBody == bytes)
        #expect(exchange.summary.stopReason == "end_turn")
    }

    @Test func cleanEndWithoutMessageStopIsBrokenForTheClient() async throws {
        let bytes = SampleStream.withoutStop
        let (result, exchange) = try await exchange(.stream([bytes], ending: .clean))
        #expect(!result.completed, "a stream without message_stop must not end cleanly")
        #expect(result.body == bytes)
        #expect(exchange.summary.outcome == .upstreamDisconnect)
    }

    @Test func cutInsideAnEventKeepsTheTrailingFragment() async throws {
        let bytes = Array(SampleStream.bytes.prefix(SampleStream.bytes.count - 20))
        let (result, exchange) = try await exchange(.stream(SampleStream.chunked(bytes), ending: .cut))
        #expect(!result.completed)
        #expect(result.body == bytes)
        #expect(exchange.summary.outcome == .upstreamDisconnect)
        #expect(!exchange.trailingBytes.isEmpty)
        #expect(exchange.responseBody == bytes)
        #expect(exchange.events.count == SampleStream.events.count - 1)
    }

    @Test func unreachableUpstreamAnswers502() async throws {
        let refusing = try RefusingPort()
        let closedPort = refusing.port
        let harness = try await ProxyHarness(upstreamPort: closedPort)
        let client = try await TestClient(port: harness.proxy.port)
        try await client.send(body: Array("{}".utf8))
        let result = await client.response()
        #expect(result.head?.status == .badGateway)
        #expect(result.completed)
        let json = try JSONValue.parse(result.bodyText)
        #expect(json["type"]?.stringValue == "error")
        #expect(json["error"]?["type"]?.stringValue == "api_error")
        // In words, not the connect error's nested description.
        #expect(
            json["error"]?["message"]?.stringValue
                == "tapedeck: cannot connect to upstream http://127.0.0.1:\(closedPort): connection refused")
        let exchange = try await harness.nextExchange()
        #expect(exchange.summary.outcome == .upstreamUnreachable)
        #expect(exchange.summary.status == nil)
        #expect(exchange.summary.errorMessage?.contains("127.0.0.1:\(closedPort)") == true)
        await client.close()
        await harness.shutdown()
        withExtendedLifetime(refusing) {}
    }

    @Test func shutdownAfterTheGraceCutsRunningStreamsAsInterrupted() async throws {
        let first = Array(SampleStream.events[0].utf8)
        let upstream = try await TestUpstream { _ in .stream([first], ending: .hang) }
        let harness = try await ProxyHarness(upstreamPort: upstream.port)
        let client = try await TestClient(port: harness.proxy.port)
        try await client.send(body: Array("{}".utf8))
        let partial = await client.readUntil(bodyBytes: first.count)
        #expect(partial.body == first)
        #expect(harness.proxy.activeExchanges == 1)
        await harness.proxy.shutdown(grace: .milliseconds(50))
        let rest = await client.response()
        #expect(!rest.completed)
        let exchange = try await harness.nextExchange()
        #expect(exchange.summary.outcome == .interrupted)
        #expect(exchange.responseBody == first)
        await client.close()
        await harness.shutdown()
        await upstream.shutdown()
    }

    @Test func tlsFailureAnswers502() async throws {
        // An https upstream that speaks plain HTTP: the TLS handshake fails.
        let upstream = try await TestUpstream { _ in .stream([SampleStream.bytes]) }
        let harness = try await ProxyHarness(
            upstreamPort: upstream.port, upstream: UpstreamTarget(usesTLS: true, host: "127.0.0.1", port: upstream.port)
        )
        let client = try await TestClient(port: harness.proxy.port)
        try await client.send(body: Array("{}".utf8))
        let result = await client.response()
        #expect(result.head?.status == .badGateway)
        let json = try JSONValue.parse(result.bodyText)
        #expect(json["error"]?["type"]?.stringValue == "api_error")
        let message = json["error"]?["message"]?.stringValue ?? ""
        #expect(message.hasPrefix("tapedeck: cannot connect to upstream https://127.0.0.1:"), "\(message)")
        #expect(message.contains("the TLS handshake failed"), "\(message)")
        let exchange = try await harness.nextExchange()
        #expect(exchange.summary.outcome == .upstreamUnreachable)
        await client.close()
        await harness.shutdown()
        await upstream.shutdown()
    }

    @Test func clientDisconnectClosesTheUpstreamAndIsRecorded() async throws {
        let first = Array(SampleStream.events[0].utf8)
        let upstream = try await TestUpstream { _ in .stream([first], ending: .hang) }
        let harness = try await ProxyHarness(upstreamPort: upstream.port)
        let client = try await TestClient(port: harness.proxy.port)
        try await client.send(body: Array("{}".utf8))
        let partial = await client.readUntil(bodyBytes: first.count)
        #expect(partial.body == first)
        await client.close()
        var upstreamClosed = false
        for await event in upstream.events {
            if case .connectionClosed = event {
                upstreamClosed = true
                break
            }
        }
        #expect(upstreamClosed)
        let exchange = try await harness.nextExchange()
        #expect(exchange.summary.outcome == .clientDisconnect)
        #expect(exchange.responseBody == first)
        await harness.shutdown()
        await upstream.shutdown()
    }

    @Test func idleTimeoutClosesBothSides() async throws {
        let first = Array(SampleStream.events[0].utf8)
        let upstream = try await TestUpstream { _ in .stream([first], ending: .hang) }
        // The idle clock starts at accept: the request goes out from the client's event loop the moment it
        // connects, so a loaded machine's task scheduling cannot delay it past the timeout.
        let harness = try await ProxyHarness(upstreamPort: upstream.port, idleTimeout: .seconds(2))
        let client = try await TestClient(port: harness.proxy.port, sendingOnConnect: Array("{}".utf8))
        let result = await client.response()
        #expect(!result.completed)
        #expect(result.body == first)
        var upstreamClosed = false
        for await event in upstream.events {
            if case .connectionClosed = event {
                upstreamClosed = true
                break
            }
        }
        #expect(upstreamClosed)
        let exchange = try await harness.nextExchange()
        #expect(exchange.summary.outcome == .timeout)
        let duration = try #require(exchange.summary.durationNanos)
        #expect(duration >= 2_000_000_000)
        await client.close()
        await harness.shutdown()
        await upstream.shutdown()
    }

    @Test func secretsNeverReachTheDatabaseFiles() async throws {
        let randoms = (0..<5).map { _ in UUID().uuidString }
        let apiKey = "sk-ant-api03-\(randoms[0])-KEY"
        let bearer = "Bearer sk-ant-\(randoms[1])-BEARER"
        let cookie = "sid=\(randoms[2])-COOKIE"
        let teamToken = "team-\(randoms[3])-TOKEN"
        let setCookie = "exchange=\(randoms[4])-SETCOOKIE"
        let upstream = try await TestUpstream { _ in
            .body(
                [SampleStream.bytes], contentType: "text/event-stream",
                extraHeaders: [HeaderField(name: "set-cookie", value: setCookie)])
        }
        let harness = try await ProxyHarness(upstreamPort: upstream.port, redact: ["X-Team-Token"])
        let client = try await TestClient(port: harness.proxy.port)
        try await client.send(
            headers: [
                ("x-api-key", apiKey), ("authorization", bearer), ("cookie", cookie), ("x-team-token", teamToken),
            ],
            body: Array("{}".utf8))
        let result = await client.response()
        #expect(result.completed)
        var seen: SeenRequest?
        for await event in upstream.events {
            if case .request(let request) = event {
                seen = request
                break
            }
        }
        // The upstream still gets the real credentials.
        #expect(seen?.head.headers["x-api-key"] == [apiKey])
        let exchange = try await harness.nextExchange()
        let stored = Dictionary(
            exchange.summary.requestHeaders.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(stored["x-api-key"] == HeaderRedactor.marker(for: apiKey))
        #expect(stored["authorization"] == HeaderRedactor.marker(for: bearer))
        #expect(stored["cookie"] == HeaderRedactor.marker(for: cookie))
        #expect(stored["x-team-token"] == HeaderRedactor.marker(for: teamToken))
        #expect(
            exchange.summary.responseHeaders.first { $0.name == "set-cookie" }?.value
                == HeaderRedactor.marker(for: setCookie))

        var raw = Data()
        for suffix in ["", "-wal", "-shm"] {
            if let data = FileManager.default.contents(atPath: harness.dbPath + suffix) { raw.append(data) }
        }
        #expect(raw.count > 0)
        let marker = Data(HeaderRedactor.marker(for: apiKey).utf8)
        #expect(raw.range(of: marker) != nil, "the marker itself should be in the files (sanity)")
        for (secret, random) in zip([apiKey, bearer, cookie, teamToken, setCookie], randoms) {
            #expect(raw.range(of: Data(secret.utf8)) == nil, "\(secret) reached disk")
            #expect(raw.range(of: Data(random.utf8)) == nil, "part of \(secret) reached disk")
        }
        await client.close()
        await harness.shutdown()
        await upstream.shutdown()
    }
}

import Foundation
import NIOCore
import NIOHTTP1
import TapedeckTestSupport
import Testing

@testable import TapedeckCore
@testable import TapedeckProxy

/// An absolute-form request target is recorded and forwarded as its path only, to the configured upstream.
@Suite(.timeLimit(.minutes(1))) struct RequestTargetTests {
    @Test(arguments: [
        ("http://evil.example/v1/messages", "/v1/messages"),
        ("HTTPS://evil.example:8443/v1/messages?beta=true", "/v1/messages?beta=true"),
        ("http://evil.example", "/"),
        ("http://evil.example?x=1", "/?x=1"),
        ("/v1/messages?next=http://evil.example/", "/v1/messages?next=http://evil.example/"),
        ("/v1/messages", "/v1/messages"),
        ("*", "*"),
        ("evil.example:443", "evil.example:443"),
    ])
    func originForm(_ target: String, _ expected: String) {
        #expect(RequestTarget.originForm(target) == expected)
    }

    @Test func absoluteFormIsRecordedAsThePathAndSentToTheConfiguredUpstream() async throws {
        let upstream = try await TestUpstream { _ in
            .stream([SampleStream.bytes])
        }
        let harness = try await ProxyHarness(upstreamPort: upstream.port)
        let client = try await TestClient(port: harness.proxy.port)
        try await client.send(
            uri: "http://evil.example/v1/messages?beta=true", headers: [("host", "evil.example")],
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
        #expect(seen?.head.uri == "/v1/messages?beta=true")
        #expect(seen?.head.headers["host"] == ["127.0.0.1:\(upstream.port)"])
        let exchange = try await harness.nextExchange()
        #expect(exchange.summary.path == "/v1/messages")
        #expect(exchange.summary.query == "beta=true")
        await client.close()
        await harness.shutdown()
        await upstream.shutdown()
    }
}

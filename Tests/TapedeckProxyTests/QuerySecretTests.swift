import Foundation
import NIOCore
import NIOHTTP1
import TapedeckTestSupport
import Testing

@testable import TapedeckCore
@testable import TapedeckProxy

/// A key in the query string or in a header outside the fixed list (`x-goog-api-key`) never reaches the
/// database files, while the upstream still receives it.
@Suite(.timeLimit(.minutes(1))) struct QuerySecretTests {
    @Test func queryAndPatternHeaderSecretsNeverReachTheDatabaseFiles() async throws {
        let randoms = (0..<2).map { _ in UUID().uuidString }
        let queryKey = "sk-ant-api03-\(randoms[0])-QUERY"
        let googKey = "AIza-\(randoms[1])-GOOG"
        let upstream = try await TestUpstream { _ in
            .stream([SampleStream.bytes])
        }
        let harness = try await ProxyHarness(upstreamPort: upstream.port)
        let client = try await TestClient(port: harness.proxy.port)
        try await client.send(
            uri: "/v1/messages?beta=true&api_key=\(queryKey)", headers: [("x-goog-api-key", googKey)],
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
        #expect(seen?.head.uri == "/v1/messages?beta=true&api_key=\(queryKey)")
        #expect(seen?.head.headers["x-goog-api-key"] == [googKey])
        let exchange = try await harness.nextExchange()
        #expect(exchange.summary.query == "beta=true&api_key=\(HeaderRedactor.marker(for: queryKey))")
        #expect(
            exchange.summary.requestHeaders.first { $0.name == "x-goog-api-key" }?.value
                == HeaderRedactor.marker(for: googKey))

        var raw = Data()
        for suffix in ["", "-wal", "-shm"] {
            if let data = FileManager.default.contents(atPath: harness.dbPath + suffix) { raw.append(data) }
        }
        #expect(raw.range(of: Data(HeaderRedactor.marker(for: queryKey).utf8)) != nil, "sanity: the marker is stored")
        for random in randoms {
            #expect(raw.range(of: Data(random.utf8)) == nil, "part of a secret reached disk")
        }
        await client.close()
        await harness.shutdown()
        await upstream.shutdown()
    }
}

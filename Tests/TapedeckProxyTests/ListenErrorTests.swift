import NIOCore
import Testing

@testable import TapedeckProxy

/// A port in use is said in a sentence with what to do, not as the bind call's errno dump.
@Suite struct ListenErrorTests {
    @Test func aPortInUseSaysSoAndHowToGetAFreeOne() async throws {
        let harness = try await ProxyHarness(upstreamPort: 1)
        let port = harness.proxy.port
        do {
            let second = try await CaptureProxy.start(
                ProxyConfiguration(
                    listenHost: "127.0.0.1", listenPort: port,
                    upstream: UpstreamTarget(usesTLS: false, host: "127.0.0.1", port: 1), threads: 1,
                    recorder: harness.recorder))
            Issue.record("a second proxy listened on the same port")
            await second.shutdown()
        } catch let error as ProxyError {
            #expect(
                error.description
                    == "cannot listen on 127.0.0.1:\(port): port \(port) is in use; pass --listen 127.0.0.1:0 for a free one"
            )
        }
        await harness.shutdown()
    }
}

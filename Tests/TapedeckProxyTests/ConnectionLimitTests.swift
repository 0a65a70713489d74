import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import Testing

@testable import TapedeckProxy

/// Issue 11 item 4: past `maxConnections` the proxy closes new connections at accept and says so in a log line,
/// instead of holding descriptors until it cannot answer anyone.
@Suite(.timeLimit(.minutes(1))) struct ConnectionLimitTests {
    @Test func aConnectionOverTheCapIsRefusedAndLogged() async throws {
        let notices = NIOLockedValueBox<[String]>([])
        let proxy = try await CaptureProxy.start(
            ProxyConfiguration(
                listenHost: "127.0.0.1", listenPort: 0,
                upstream: UpstreamTarget(usesTLS: false, host: "127.0.0.1", port: 1), threads: 1,
                maxConnections: 1, onNotice: { notice in notices.withLockedValue { $0.append(notice) } }))
        let first = try await RawClient(port: proxy.port)
        let second = try await RawClient(port: proxy.port)
        let refused = await second.untilClosed()
        #expect(refused.closed && !refused.timedOut, "the connection over the cap was not closed")
        #expect(refused.bytes.isEmpty)
        let logged = notices.withLockedValue { $0 }
        #expect(logged.count == 1)
        #expect(logged.first?.contains("connection limit reached (1 open)") == true)
        #expect(logged.first?.contains("--max-connections") == true)
        // The first connection is still served (its 502 comes from the unreachable upstream, not the cap).
        try await first.send("GET /v1/models HTTP/1.1\r\nhost: x\r\n\r\n")
        let answer = await first.response()
        #expect(RawHTTPResponse.parse(answer.bytes)?.statusLine == "HTTP/1.1 502 Bad Gateway")
        await first.close()
        await second.close()
        await proxy.shutdown(grace: .milliseconds(100))
    }

    @Test func trackerAdmitsUpToTheCapAndLogsRefusalsAtMostEveryTenSeconds() throws {
        let tracker = ConnectionTracker(maxConnections: 2)
        let channels = (0..<5).map { _ in EmbeddedChannelStub() }
        #expect(tracker.admit(channels[0].channel).admitted)
        #expect(tracker.admit(channels[1].channel).admitted)
        let refused = tracker.admit(channels[2].channel)
        #expect(!refused.admitted)
        #expect(refused.notice != nil)
        let again = tracker.admit(channels[3].channel)
        #expect(!again.admitted)
        #expect(again.notice == nil, "a flood of refusals logs one line per ten seconds")
        tracker.connectionClosed(channels[0].channel)
        #expect(tracker.admit(channels[4].channel).admitted)
    }
}

/// An `EmbeddedChannel` for identity only (the tracker keeps channels by identity).
struct EmbeddedChannelStub {
    let channel: any Channel = EmbeddedChannel()
}

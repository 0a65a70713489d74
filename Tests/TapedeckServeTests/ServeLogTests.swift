import Synchronization
import TapedeckCore
import Testing

@testable import TapedeckServe

/// `serve` says, one line per request, which recording answered or why none did.
@Suite struct ServeLogTests {
    final class Lines: Sendable {
        let lines = Mutex<[ServeLogLine]>([])
        func append(_ line: ServeLogLine) { lines.withLock { $0.append(line) } }
        var all: [ServeLogLine] { lines.withLock { $0 } }
    }

    @Test func eachRequestLogsTheExchangeThatAnsweredOrWhyNoneDid() async throws {
        let body = #"{"model":"m","stream":true}"#
        var recorded = ReplayFixtures.streaming(id: "aa11", body: body, events: ReplayFixtures.basicEvents)
        recorded.summary.sessionID = "ss22"
        recorded.summary.turn = 3
        let log = Lines()
        let server = ReplayServer(exchanges: [recorded], mode: .body, speed: nil, log: log.append)
        let request = IncomingRequest(
            method: "POST", path: "/v1/messages", query: nil, headers: [], body: Array(body.utf8))
        _ = await server.answer(request)
        var other = request
        other.body = Array(#"{"model":"other"}"#.utf8)
        _ = await server.answer(other)

        let lines = log.all
        #expect(lines.count == 2)
        #expect(lines.first?.exchange?.id == "aa11")
        #expect(
            lines.first?.description
                == "POST /v1/messages → aa11 (session ss22, turn 3) 200, \(recorded.summary.eventCount) events, complete"
        )
        #expect(lines.last?.exchange == nil && lines.last?.status == 404)
        #expect(
            lines.last?.description.hasPrefix("POST /v1/messages → 404: no recorded exchange has this request body")
                == true)
    }
}

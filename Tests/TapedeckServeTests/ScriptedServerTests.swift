import Foundation
import TapedeckCore
import TapedeckTestSupport
import Testing

@testable import TapedeckServe

@Suite struct ScriptedServerTests {
    private func serve(_ script: ScriptedResponse) async throws -> (ScriptedServer, Int) {
        let server = ScriptedServer { _ in script }
        return (server, try await server.start())
    }

    private let parts = [
        ScriptedPart(bytes: Array("event: ping\ndata: {\"type\": \"ping\"}\n\n".utf8)),
        ScriptedPart(bytes: Array("event: message_st".utf8)),
        ScriptedPart(bytes: Array("op\ndata: {}\n\n".utf8)),
    ]

    @Test func cleanEndingSendsEachPartAsAChunkAndTheTerminatingChunk() async throws {
        let (server, port) = try await serve(ScriptedResponse(status: 200, parts: parts, ending: .clean))
        defer { Task { await server.shutdown() } }
        let response = try await RawHTTP.exchange(port: port)
        #expect(response.status == 200)
        #expect(response.isComplete)
        #expect(response.chunkSizes == parts.map(\.bytes.count))
        #expect(response.body == parts.flatMap(\.bytes))
        #expect(response.rawBody.suffix(5) == Array("0\r\n\r\n".utf8))
    }

    @Test func cutEndingClosesWithoutTheTerminatingChunk() async throws {
        let (server, port) = try await serve(ScriptedResponse(status: 200, parts: parts, ending: .cut))
        defer { Task { await server.shutdown() } }
        let response = try await RawHTTP.exchange(port: port)
        #expect(response.status == 200)
        #expect(response.header("transfer-encoding") == "chunked")
        #expect(!response.isComplete)
        // Every scripted byte arrives, and the stream stops right after the last chunk's CRLF.
        #expect(response.body == parts.flatMap(\.bytes))
        let lastChunk = Array("d\r\nop\ndata: {}\n\n\r\n".utf8)
        #expect(response.rawBody.suffix(lastChunk.count) == lastChunk)
    }

    @Test func cutAfterASinglePartIsStillChunked() async throws {
        let (server, port) = try await serve(
            ScriptedResponse(status: 200, parts: [ScriptedPart(bytes: Array("event: a\n".utf8))], ending: .cut))
        defer { Task { await server.shutdown() } }
        let response = try await RawHTTP.exchange(port: port)
        #expect(!response.isComplete)
        #expect(response.body == Array("event: a\n".utf8))
    }

    @Test func cutAfterALargeWriteStillDeliversEveryScriptedByte() async throws {
        // More than the socket buffers hold at once: the cut must wait for the bytes to drain.
        // (Cheap to build and compare even in debug builds, so it does not starve parallel tests.)
        let big = [UInt8](repeating: 0x61, count: 3 * 1024 * 1024)
        let tail = Array("event: content_block_delta\ndata: {\"ty".utf8)
        let (server, port) = try await serve(
            ScriptedResponse(status: 200, parts: [ScriptedPart(bytes: big), ScriptedPart(bytes: tail)], ending: .cut))
        defer { Task { await server.shutdown() } }
        let response = try await RawHTTP.exchange(port: port)
        #expect(!response.isComplete)
        #expect(response.body.count == big.count + tail.count)
        #expect(response.body == big + tail)
    }

    @Test func singleUntimedPartGetsAContentLength() async throws {
        let body = Array(#"{"type":"message"}"#.utf8)
        let (server, port) = try await serve(
            ScriptedResponse(
                status: 201, headers: [HeaderField(name: "content-type", value: "application/json")],
                parts: [ScriptedPart(bytes: body)]))
        defer { Task { await server.shutdown() } }
        let response = try await RawHTTP.exchange(port: port)
        #expect(response.status == 201)
        #expect(response.header("content-length") == String(body.count))
        #expect(response.header("content-type") == "application/json")
        #expect(response.body == body)
        #expect(response.isComplete)
    }

    @Test func hopByHopHeadersFromTheScriptAreDropped() async throws {
        let (server, port) = try await serve(
            ScriptedResponse(
                status: 200,
                headers: [
                    HeaderField(name: "Content-Length", value: "99999"),
                    HeaderField(name: "Transfer-Encoding", value: "gzip"),
                    HeaderField(name: "request-id", value: "req_1"),
                ],
                parts: parts))
        defer { Task { await server.shutdown() } }
        let response = try await RawHTTP.exchange(port: port)
        #expect(response.header("content-length") == nil)
        #expect(response.header("transfer-encoding") == "chunked")
        #expect(response.header("request-id") == "req_1")
        #expect(response.isComplete)
    }

    @Test func delaysAreWaitedBetweenParts() async throws {
        let script = ScriptedResponse(
            status: 200, headDelayNanos: 20_000_000,
            parts: [
                ScriptedPart(delayNanos: 0, bytes: [0x61]), ScriptedPart(delayNanos: 60_000_000, bytes: [0x62]),
            ])
        let (server, port) = try await serve(script)
        defer { Task { await server.shutdown() } }
        let clock = ContinuousClock()
        let start = clock.now
        let response = try await RawHTTP.exchange(port: port)
        let elapsed = clock.now - start
        #expect(response.body == [0x61, 0x62])
        #expect(elapsed >= .milliseconds(80))
        // Not a speed check: the bound only catches a delay taken in the wrong unit (a thousand times longer is
        // 80 s). It was 5 s and failed once at 6.1 s while the whole suite ran on 2 busy cores.
        #expect(elapsed < .seconds(40))
    }

    @Test func scalingDividesEveryDelay() {
        let script = ScriptedResponse(
            status: 200, headDelayNanos: 1000, parts: [ScriptedPart(delayNanos: 500, bytes: [1])])
        #expect(script.scaled(bySpeed: 10).totalDelayNanos == 150)
        #expect(script.scaled(bySpeed: .infinity).totalDelayNanos == 0)
        #expect(script.scaled(bySpeed: 0).totalDelayNanos == 0)
        #expect(script.scaled(bySpeed: 1) == script)
    }

    @Test func secondServerOnABoundPortFailsWithAClearError() async throws {
        let (server, port) = try await serve(ScriptedResponse(status: 204))
        defer { Task { await server.shutdown() } }
        let second = ScriptedServer(port: port) { _ in ScriptedResponse(status: 204) }
        await #expect(throws: ScriptedServerError.self) { try await second.start() }
    }

    @Test func shutdownCutsAStreamInProgress() async throws {
        let (server, port) = try await serve(
            ScriptedResponse(
                status: 200,
                parts: [ScriptedPart(bytes: [0x61]), ScriptedPart(delayNanos: 60_000_000_000, bytes: [0x62])]))
        let client = try await TestClient(port: port)
        try await client.send(body: Array("{}".utf8))
        // The stream is in progress once its first part has arrived (shutting down before that raced the head).
        let first = await client.readUntil(bodyBytes: 1)
        #expect(first.head?.status.code == 200)
        #expect(first.body == [0x61])
        let clock = ContinuousClock()
        let start = clock.now
        await server.shutdown()
        let rest = await client.response()
        #expect(!rest.completed, "the cut stream has no terminating chunk")
        #expect(rest.body.isEmpty, "the 60 s part is never sent")
        // Far below the 60 s the part would have waited; above the 10 s a full suite beside a release build once
        // took.
        #expect(clock.now - start < .seconds(15))
        await client.close()
    }

    @Test func hangEndingSendsEveryPartThenHoldsTheBodyOpenUntilShutdown() async throws {
        let (server, port) = try await serve(ScriptedResponse(status: 200, parts: parts, ending: .hang))
        let client = try await TestClient(port: port)
        try await client.send(body: Array("{}".utf8))
        let total = parts.reduce(0) { $0 + $1.bytes.count }
        let received = await client.readUntil(bodyBytes: total)
        #expect(received.head?.status.code == 200)
        #expect(received.body == parts.flatMap(\.bytes))
        #expect(!received.completed, "a stalled upstream never finishes its body")
        await server.shutdown()
        let rest = await client.response()
        #expect(!rest.completed && rest.body.isEmpty, "shutdown ends the stall without a terminating chunk")
        await client.close()
    }
}

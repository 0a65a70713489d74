import Foundation
import NIOCore
import TapedeckTestSupport
import Testing

@testable import TapedeckCore
@testable import TapedeckStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `tapedeck record` as a real process: crash recovery, graceful shutdown, `-- COMMAND`.
@Suite(.timeLimit(.minutes(1))) struct RecordProcessTests {
    private func temporaryDatabase() throws -> (URL, String) {
        let directory = try makeTemporaryDirectory("tapedeck-record")
        return (directory, directory.appendingPathComponent("rec.sqlite").path)
    }

    @Test func killDashNineKeepsFlushedEventsAndTheNextStartMarksTheExchangeInterrupted() async throws {
        let (directory, db) = try temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let half = Array(SampleStream.events.prefix(4).joined().utf8)
        let upstream = try await TestUpstream { _ in .stream([half], ending: .hang) }
        let recording = try await RecordProcess.start(upstreamPort: upstream.port, database: db)
        let (record, port) = (recording.child, recording.port)
        let client = try await TestClient(port: port)
        try await client.send(body: Array(#"{"model":"claude-test"}"#.utf8))
        let partial = await client.readUntil(bodyBytes: half.count)
        #expect(partial.body == half)

        // The recorder writes within one flush window (100 ms) but gives no signal to another process: poll the file.
        let store = try TapedeckStore(path: db, readOnly: true)
        let deadline = Date().addingTimeInterval(5)
        var stored = 0
        while Date() < deadline {
            if let exchange = try store.exchanges().first { stored = try store.events(exchangeID: exchange.id).count }
            if stored >= 4 { break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(stored == 4)
        try store.close()

        record.signal(SIGKILL)
        _ = await record.waitForExit()
        await client.close()

        let again = try await RecordProcess.start(upstreamPort: upstream.port, database: db).child
        again.signal(SIGTERM)
        #expect(await again.waitForExit() == 0)

        let reopened = try TapedeckStore(path: db, readOnly: true)
        let exchanges = try reopened.exchanges()
        #expect(exchanges.count == 1)
        let exchange = try reopened.loadExchange(id: try #require(exchanges.first).id)
        #expect(exchange.summary.outcome == .interrupted)
        #expect(exchange.events.count == 4)
        #expect(exchange.responseBody == half)
        try reopened.close()
        await upstream.shutdown()
    }

    @Test func theExitWarningCountsWhatTheCaptureQueueLostNotOnlyTheStoresDrops() async throws {
        let (directory, db) = try temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let head = Array(SampleStream.events.prefix(3).joined().utf8)
        let text = String(repeating: "x", count: 8_192)
        let big = Array(
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"\(text)\"}}\n\n"
                .utf8)
        let rest = Array(SampleStream.events.dropFirst(3).joined().utf8)
        let upstream = try await TestUpstream { _ in
            ScriptedResponse(
                status: 200, headers: [HeaderField(name: "content-type", value: "text/event-stream")],
                parts: [ScriptedPart(bytes: head), ScriptedPart(delayNanos: 300_000_000, bytes: big + rest)])
        }
        // A 1 KiB queue cannot take the 8 KiB event: forwarding goes on, the recording of that exchange degrades.
        let recording = try await RecordProcess.start(
            upstreamPort: upstream.port, database: db, extraArguments: ["--max-queue-bytes", "1K"])
        let client = try await TestClient(port: recording.port)
        try await client.send(body: Array("{}".utf8))
        let result = await client.response()
        #expect(result.completed)
        #expect(result.body == head + big + rest, "the client gets every byte")
        await client.close()
        recording.child.signal(SIGTERM)
        let warning = await recording.child.firstStderrLine { $0.contains("warning:") }
        #expect(await recording.child.waitForExit() == 0)

        let store = try TapedeckStore(path: db, readOnly: true)
        let exchange = try #require(try store.exchanges().first)
        try store.close()
        #expect(exchange.droppedEvents > 0)
        #expect(
            warning?.contains("\(exchange.droppedEvents) event(s) of 1 exchange(s) were not recorded") == true,
            "\(warning ?? "no warning")")
    }

    @Test func sigtermLetsRunningStreamsFinishThenExitsZero() async throws {
        let (directory, db) = try temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let head = Array(SampleStream.events.prefix(3).joined().utf8)
        let rest = Array(SampleStream.events.dropFirst(3).joined().utf8)
        let upstream = try await TestUpstream { _ in
            ScriptedResponse(
                status: 200, headers: [HeaderField(name: "content-type", value: "text/event-stream")],
                parts: [ScriptedPart(bytes: head), ScriptedPart(delayNanos: 400_000_000, bytes: rest)])
        }
        let recording = try await RecordProcess.start(
            upstreamPort: upstream.port, database: db, extraArguments: ["--grace", "5"])
        let (record, port) = (recording.child, recording.port)
        let client = try await TestClient(port: port)
        try await client.send(body: Array("{}".utf8))
        let partial = await client.readUntil(bodyBytes: head.count)
        #expect(partial.body == head)
        record.signal(SIGTERM)
        let result = await client.response()
        #expect(result.completed)
        #expect(partial.body + result.body == SampleStream.bytes)
        #expect(await record.waitForExit() == 0)
        await client.close()

        let store = try TapedeckStore(path: db, readOnly: true)
        let exchanges = try store.exchanges()
        #expect(exchanges.map(\.outcome) == [.complete])
        try store.close()
        await upstream.shutdown()
    }

    @Test func recordRunsTheCommandWithTheBaseURLAndExitsWithItsStatus() async throws {
        let (directory, db) = try temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let child = try ChildProcess(
            TapedeckExecutable.url(),
            [
                "record", "--db", db, "--upstream", "http://127.0.0.1:9", "--",
                "sh", "-c", #"case "$ANTHROPIC_BASE_URL" in http://127.0.0.1:*) exit 7;; *) exit 3;; esac"#,
            ])
        #expect(await child.waitForExit() == 7)
    }

    @Test func nonLoopbackListenIsRefusedWithoutAllowRemote() async throws {
        let (directory, db) = try temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let child = try ChildProcess(TapedeckExecutable.url(), ["record", "--db", db, "--listen", "0.0.0.0:0"])
        var message = ""
        for await line in child.stderrLines { message += line + "\n" }
        #expect(await child.waitForExit() != 0)
        #expect(message.contains("--allow-remote"))
    }
}

import Foundation
import NIOConcurrencyHelpers
import TapedeckCore
import TapedeckExport
import TapedeckPostgres
import TapedeckTestSupport
import Testing

@testable import TapedeckStore

/// The server stopped mid-stream for longer than the recorder's memory holds: the recording goes on into a local
/// spool, announced at once, and reaches the server whole (when it answers again, or by `tapedeck push`).
extension PostgresOutageTests {
    /// A long stream of one exchange: 3 events before the outage, the rest during and after it.
    private static let events = Fixtures.events(text: (0..<60).map { " word\($0)" })

    /// The outage server and its control script, or a failure that says how to get them.
    private static func outageServer() throws -> (url: String, control: String) {
        let environment = ProcessInfo.processInfo.environment
        guard let server = environment["TAPEDECK_TEST_POSTGRES_OUTAGE_URL"],
            let control = environment["TAPEDECK_TEST_POSTGRES_OUTAGE_CTL"]
        else { throw Backend.MissingServer() }
        return (server, control)
    }

    /// A spool in `directory` uploaded as `record` uploads it (`StorePush`, then the file removed).
    private static func spool(in directory: TemporaryDirectory, server url: String) -> RecorderSpool {
        RecorderSpool(
            newPath: { directory.path("tapedeck-spool-\(UUID().uuidString.prefix(8)).sqlite") },
            upload: { path, step in
                let target: PostgresStore
                do {
                    target = try await PostgresStore.open(url: url)
                } catch {
                    return .serverAway("\(error)")
                }
                do {
                    let report = try await StorePush.pushSpool(at: path, to: target, step: step)
                    try await target.close()
                    guard report.conflicts.isEmpty else { return .kept("conflicts: \(report.conflicts)") }
                    if step == .copySoFar { return .uploaded("copied \(report.added) of \(path)") }
                    return .uploaded("uploaded \(path): \(report.added) added, \(report.continued) continued")
                } catch {
                    try? await target.close()
                    return .kept("\(error)")
                }
            })
    }

    /// The spool files in `directory`.
    private static func spoolFiles(_ directory: TemporaryDirectory) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
            .filter { $0.hasPrefix("tapedeck-spool-") && $0.hasSuffix(".sqlite") }
    }

    /// Waits (polling, generous deadline: the writer runs at background priority) until `condition` holds.
    private static func waitUntil(_ condition: () throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while try !condition() {
            if ContinuousClock.now > deadline { return false }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// Every event of `id` on the server, in order, and its row.
    private static func stored(_ id: String, url: String) async throws -> RecordedExchange {
        let reader = try await PostgresStore.open(url: url, readOnly: true)
        defer { Task { try? await reader.close() } }
        return try await reader.loadExchange(id: id)
    }

    @Test func theServerStoppedMidStreamPastTheMemoryCapSpoolsAndUploadsWhenItIsBack() async throws {
        guard Backend.all.contains(.postgres) else { return }
        let (server, control) = try Self.outageServer()
        let url = try await TestDatabase.create(on: server)
        let store = try await PostgresStore.open(url: url)
        let directory = try TemporaryDirectory()
        let notices = NIOLockedValueBox<[String]>([])
        // Memory for about 8 events: the outage outlasts what the recorder could keep waiting for the server.
        let cap = 8 * ExchangeRecorder.byteSize(Array(Self.events[3..<4]))
        let recorder = store.makeRecorder(
            configuration: .init(closeRetryWindow: .seconds(30), maxQueuedBytes: cap),
            onNotice: { notice in notices.withLockedValue { $0.append(notice) } },
            spool: Self.spool(in: directory, server: url))
        let first = Fixtures.summary(id: "5b0010001", outcome: .inProgress, eventCount: 3)
        recorder.begin(first)
        recorder.append(exchangeID: first.id, events: Array(Self.events[0..<3]))
        recorder.update(first)
        await recorder.flush()
        #expect(recorder.statistics.writtenEvents == 3)

        try await PostgresStoreTests.control(control, "stop", "-m", "immediate")
        var serverDown = true
        defer { if serverDown { Task { try? await PostgresStoreTests.control(control, "start") } } }
        recorder.append(exchangeID: first.id, events: [Self.events[3]])
        let announced = try await Self.waitUntil { notices.withLockedValue { !$0.isEmpty } }
        #expect(announced, "no spool was announced: \(recorder.statistics)")
        let spoolFile = try #require(try Self.spoolFiles(directory).first)
        #expect(
            notices.withLockedValue {
                $0.first?.contains("local spool") == true && $0.first?.contains(spoolFile) == true
            })
        // The rest of the stream, event by event past the cap, and a second exchange begun while the server is away.
        let second = Fixtures.summary(
            id: "5b0010002", startedAt: first.startedAtNanos + 1_000_000_000, outcome: .inProgress, eventCount: 0)
        recorder.begin(second)
        for index in 4..<40 {
            recorder.append(exchangeID: first.id, events: [Self.events[index]])
            recorder.append(exchangeID: second.id, events: [Self.events[index - 4]])
            await recorder.flush()
        }
        try await PostgresStoreTests.control(control, "start")
        serverDown = false
        // The server answers again: a later batch (once the probe is due) uploads the spool, removes it, and
        // writes into the server; the stream goes on meanwhile.
        var next = 40
        let deadline = ContinuousClock.now + .seconds(60)
        while try !Self.spoolFiles(directory).isEmpty || notices.withLockedValue({ $0.count < 2 }) {
            if ContinuousClock.now > deadline { break }
            if next < Self.events.count - 4 {
                recorder.append(exchangeID: first.id, events: [Self.events[next]])
                next += 1
            }
            recorder.update(second)
            await recorder.flush()
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try Self.spoolFiles(directory).isEmpty, "\(notices.withLockedValue { $0 }) \(recorder.statistics)")
        for event in Self.events[next...] {
            recorder.append(exchangeID: first.id, events: [event])
            await recorder.flush()
        }
        for event in Self.events[36...] {
            recorder.append(exchangeID: second.id, events: [event])
            await recorder.flush()
        }
        var firstDone = Fixtures.summary(id: first.id, eventCount: Self.events.count)
        firstDone.startedAtNanos = first.startedAtNanos
        var secondDone = Fixtures.summary(id: second.id, eventCount: Self.events.count)
        secondDone.startedAtNanos = second.startedAtNanos
        recorder.finish(firstDone, trailing: [], trailingOffsetNanos: nil)
        recorder.finish(secondDone, trailing: [], trailingOffsetNanos: nil)
        await recorder.close()

        let statistics = recorder.statistics
        #expect(statistics.droppedEvents == 0 && statistics.writtenEvents == 2 * Self.events.count, "\(statistics)")
        #expect(try Self.spoolFiles(directory).isEmpty)
        #expect(notices.withLockedValue { $0.last?.contains("answers again") == true }, "\(notices)")
        for id in [first.id, second.id] {
            let exchange = try await Self.stored(id, url: url)
            let whole = exchange.events == Self.events
            #expect(whole, "\(id): events \(exchange.events.map(\.sequence))")
            #expect(exchange.summary.outcome == .complete && exchange.summary.droppedEvents == 0)
            #expect(exchange.summary.eventCount == Self.events.count)
        }
        try await store.close()
    }

    @Test func aServerStillAwayWhenRecordingStopsLeavesTheSpoolThatPushContinues() async throws {
        guard Backend.all.contains(.postgres) else { return }
        let binary = try TapedeckExecutable.url().path
        let (server, control) = try Self.outageServer()
        let url = try await TestDatabase.create(on: server)
        let store = try await PostgresStore.open(url: url)
        let directory = try TemporaryDirectory()
        let notices = NIOLockedValueBox<[String]>([])
        let spool = Self.spool(in: directory, server: url)
        let recorder = store.makeRecorder(
            configuration: .init(closeRetryWindow: .seconds(30)),
            onNotice: { notice in notices.withLockedValue { $0.append(notice) } }, spool: spool)
        let first = Fixtures.summary(id: "5b0020001", outcome: .inProgress, eventCount: 3)
        recorder.begin(first)
        recorder.append(exchangeID: first.id, events: Array(Self.events[0..<3]))
        recorder.update(first)
        await recorder.flush()

        try await PostgresStoreTests.control(control, "stop", "-m", "immediate")
        var serverDown = true
        defer { if serverDown { Task { try? await PostgresStoreTests.control(control, "start") } } }
        recorder.append(exchangeID: first.id, events: Array(Self.events[3..<10]))
        #expect(try await Self.waitUntil { notices.withLockedValue { !$0.isEmpty } }, "\(recorder.statistics)")
        recorder.append(exchangeID: first.id, events: Array(Self.events[10...]))
        var firstDone = Fixtures.summary(id: first.id, eventCount: Self.events.count)
        firstDone.startedAtNanos = first.startedAtNanos
        recorder.finish(firstDone, trailing: Array("data: {\"tail".utf8), trailingOffsetNanos: 77)
        let second = Fixtures.exchange(id: "5b0020002", startedAt: first.startedAtNanos + 2_000_000_000)
        recorder.begin(second.summary)
        recorder.append(exchangeID: second.summary.id, events: second.events)
        recorder.finish(second.summary, trailing: [], trailingOffsetNanos: nil)
        await recorder.close()
        let statistics = recorder.statistics
        #expect(statistics.droppedEvents == 0 && statistics.writtenEvents == Self.events.count + 7, "\(statistics)")

        // Recording stopped while the server was away: the spool is left, and says so.
        let waiting = try #require(spool.waiting)
        #expect(try Self.spoolFiles(directory) == [URL(fileURLWithPath: waiting).lastPathComponent])
        try await PostgresStoreTests.control(control, "start")
        serverDown = false
        #expect(try await Self.stored(first.id, url: url).events.count == 3)

        let pushed = try await PostgresStoreTests.run(binary, ["push", waiting, "--to", url], in: directory)
        #expect(pushed.contains("Pushed 1 exchange(s)") && pushed.contains("Continued 1 unfinished"), "\(pushed)")
        let continued = try await Self.stored(first.id, url: url)
        let whole = continued.events == Self.events
        #expect(whole, "events \(continued.events.map(\.sequence))")
        #expect(continued.summary.outcome == .complete && continued.summary.droppedEvents == 0)
        #expect(continued.trailingBytes == Array("data: {\"tail".utf8) && continued.trailingOffsetNanos == 77)
        let secondWhole = try await Self.stored(second.summary.id, url: url).events == second.events
        #expect(secondWhole)
        let again = try await PostgresStoreTests.run(binary, ["push", waiting, "--to", url], in: directory)
        #expect(again.contains("Pushed 0 exchange(s)") && again.contains("2 already there"), "\(again)")
        try await store.close()
    }

    @Test func recordAnnouncesItsMidRunSpoolAndTheServerEndsWithEveryExchangeWhole() async throws {
        guard Backend.all.contains(.postgres) else { return }
        let binary = try TapedeckExecutable.url().path
        let (server, control) = try Self.outageServer()
        let url = try await TestDatabase.create(on: server)
        let directory = try TemporaryDirectory()
        let body = Self.events.flatMap(\.raw)
        let upstream = try await TestUpstream { _ in .stream(SampleStream.chunked(body)) }
        // Five requests of one `record -- COMMAND` run; three while the server is away, more than the recorder may
        // hold in memory (16K of body bytes: 32K of events; each response's events take 15K), the last once it is
        // back. The client paces the three (the spool's file is being made meanwhile, and until it is, events
        // wait in that memory). Each response body goes to a file: what the client got.
        func request(_ number: Int) -> String {
            #"curl -s -o response-\#(number) "$ANTHROPIC_BASE_URL/v1/messages" -d '{"stream":true,"n":\#(number)}'"#
        }
        let script = [
            request(1), "touch first-done", "while [ ! -e server-down ]; do sleep 0.05; done", request(2), "sleep 0.3",
            request(3), "sleep 0.3", request(4), "touch spooled", "while [ ! -e server-up ]; do sleep 0.05; done",
            request(5),
        ].joined(separator: "; ")
        let run = Task {
            try await PostgresStoreTests.run(
                binary,
                [
                    "record", "--db", url, "--upstream", "http://127.0.0.1:\(upstream.port)", "--max-queue-bytes",
                    "16K",
                    "--", "/bin/sh", "-c", script,
                ], in: directory)
        }
        let exists = { (name: String) in FileManager.default.fileExists(atPath: directory.path(name)) }
        let complete = "SELECT count(*) FROM exchanges WHERE outcome = 'complete'"
        var recorded = false
        let deadline = ContinuousClock.now + .seconds(60)
        while !recorded && ContinuousClock.now < deadline {
            if exists("first-done") { recorded = (try? await TestDatabase.count(complete, url: url)) == 1 }
            if !recorded { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(recorded, "the first exchange never reached the server")
        try await PostgresStoreTests.control(control, "stop", "-m", "immediate")
        _ = FileManager.default.createFile(atPath: directory.path("server-down"), contents: Data())
        let spooled = try await Self.waitUntil { exists("spooled") }
        try await PostgresStoreTests.control(control, "start")
        _ = FileManager.default.createFile(atPath: directory.path("server-up"), contents: Data())
        let output = try await run.value
        await upstream.shutdown()

        #expect(spooled)
        #expect(output.contains("recording goes on into the local spool tapedeck-spool-"), "\(output)")
        #expect(output.contains("answers again: uploaded the spool") || output.contains("and removed it"), "\(output)")
        #expect(try Self.spoolFiles(directory).isEmpty, "\(output)")
        for number in 1...5 {
            #expect(Fixtures.fileBytes(directory.path("response-\(number)")) == body, "response \(number)")
        }
        let store = try await PostgresStore.open(url: url, readOnly: true)
        let exchanges = try await store.exchanges(ExchangeFilter(order: .oldestFirst))
        #expect(
            exchanges.count == 5 && exchanges.allSatisfy { $0.outcome == .complete && $0.droppedEvents == 0 },
            "\(exchanges.map { "\($0.outcome) \($0.eventCount) dropped \($0.droppedEvents) \($0.note ?? "")" }) \(output)"
        )
        for exchange in exchanges {
            let events = try await store.events(exchangeID: exchange.id)
            let trailing = try await store.loadExchange(id: exchange.id).trailingBytes
            #expect(events.map(\.sequence) == Array(0..<Self.events.count), "\(events.map(\.sequence))")
            #expect(events.flatMap(\.raw) + trailing == body, "the response is rebuilt byte for byte")
        }
        try await store.close()
    }
}

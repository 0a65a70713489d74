import Foundation
import TapedeckCore
import TapedeckPostgres
import TapedeckTestSupport
import Testing

@testable import TapedeckStore

/// What only the team store has to show: recorders writing at once, a server that goes away mid-stream, and a
/// password that never leaves memory.
@Suite struct PostgresStoreTests {
    /// An exchange of the Claude Code session `session`, started `index` seconds after a fixed time.
    private func claudeCodeExchange(_ id: String, session: String, index: Int) -> ExchangeSummary {
        var summary = Fixtures.summary(id: id, startedAt: 1_764_000_000_000_000_000 + Int64(index) * 1_000_000_000)
        summary.requestHeaders.append(HeaderField(name: "x-claude-code-session-id", value: session))
        return summary
    }

    @Test func twoRecordersAtOnceWriteEverythingAndShareOneSession() async throws {
        guard Backend.all.contains(.postgres) else { return }
        let url = try await TestDatabase.create()
        let first = try await PostgresStore.open(url: url)
        let second = try await PostgresStore.open(url: url)
        let recorders = [first.makeRecorder(), second.makeRecorder()]
        let perRecorder = 40
        let events = Fixtures.events()
        // Both recorders start the same Claude Code session at once: one session row must result.
        await withTaskGroup(of: Void.self) { group in
            for (number, recorder) in recorders.enumerated() {
                group.addTask {
                    for index in 0..<perRecorder {
                        let summary = claudeCodeExchange(
                            "r\(number)x\(String(format: "%07d", index))", session: "shared-1", index: index)
                        recorder.begin(summary)
                        recorder.append(exchangeID: summary.id, events: events)
                        recorder.finish(summary, trailing: [], trailingOffsetNanos: nil)
                        if index % 8 == 0 { await recorder.flush() }
                    }
                    await recorder.close()
                }
            }
        }
        for recorder in recorders {
            let statistics = recorder.statistics
            #expect(statistics.droppedEvents == 0 && statistics.writeErrors == 0, "\(statistics)")
            #expect(statistics.writtenEvents == perRecorder * events.count)
        }
        let reader = try await PostgresStore.open(url: url, readOnly: true)
        #expect(try await reader.exchangeCount(.all) == 2 * perRecorder)
        #expect(try await reader.totalEventCount() == 2 * perRecorder * events.count)
        let sessions = try await reader.sessions(.all)
        #expect(sessions.count == 1)
        #expect(sessions.first?.summary.key == "claude-code:shared-1")
        #expect(sessions.first?.figures.exchanges == 2 * perRecorder)
        for store in [first, second, reader] { try await store.close() }
    }

    @Test func aClosingRecorderCountsWhatTheAbsentServerCouldNotTake() async throws {
        guard Backend.all.contains(.postgres) else { return }
        let store = try await PostgresStore.open(url: try await TestDatabase.create())
        // A recorder for a server that is not there (a port nothing listens on): it keeps retrying, then closing
        // gives up after its window and counts every event as dropped.
        let unreachable = try PostgresStore.unopened(url: try Self.unreachable(store.location))
        let recorder = unreachable.makeRecorder(
            configuration: .init(closeRetryWindow: .milliseconds(200)), onNotice: nil)
        let summary = Fixtures.summary(id: "0a7a9e0003")
        recorder.begin(summary)
        recorder.append(exchangeID: summary.id, events: Fixtures.events())
        recorder.finish(summary, trailing: [], trailingOffsetNanos: nil)
        await recorder.close()
        let statistics = recorder.statistics
        #expect(statistics.droppedEvents == Fixtures.events().count && statistics.writtenEvents == 0)
        #expect(statistics.writeErrors > 0)
        #expect(statistics.lastError?.contains("127.0.0.1:1/") == true, "\(statistics)")
        try await store.close()
    }

    @Test func aPasswordNeverShowsInAnyOutputOrInTheDatabase() async throws {
        guard Backend.all.contains(.postgres) else { return }
        let binary = try TapedeckExecutable.url().path
        let admin = try await TestDatabase.create()
        let password = "pw-" + UUID().uuidString
        let role = "r_" + UUID().uuidString.prefix(8).lowercased()
        try await TestDatabase.run("CREATE ROLE \(role) LOGIN PASSWORD '\(password)'", url: admin)
        try await TestDatabase.run("GRANT ALL ON SCHEMA public TO \(role)", url: admin)
        let location = try PostgresLocation(url: admin)
        let url = "postgres://\(role):\(password)@\(location.host):\(location.port)/\(location.database)"
        let shown = "postgres://\(role)@\(location.host):\(location.port)/\(location.database)"
        let directory = try TemporaryDirectory()
        var outputs: [String] = []
        // Writing (schema, a recorded demo), reading, and failing (a wrong password, a missing exchange), with the
        // password in the URL and in PGPASSWORD.
        outputs.append(
            try await Self.run(binary, ["demo", "--db", url, "--timing", "0", "--no-replay"], in: directory))
        outputs.append(try await Self.run(binary, ["ls", "--db", url], in: directory))
        outputs.append(
            try await Self.run(binary, ["ls", "--exchanges", "--db", shown], in: directory, password: password))
        outputs.append(try await Self.run(binary, ["show", "nope", "--db", url], in: directory))
        outputs.append(try await Self.run(binary, ["regroup", "--db", url], in: directory))
        let wrong = url.replacingOccurrences(of: password, with: password + "x")
        outputs.append(try await Self.run(binary, ["ls", "--db", wrong], in: directory))
        let all = outputs.joined(separator: "\n")
        #expect(!all.contains(password), "\(all)")
        #expect(all.contains(shown), "the banners name the server without the password: \(all)")
        #expect(outputs[1].contains("complete"), "\(outputs[1])")
        let stored = try await PostgresStore.open(url: admin, readOnly: true)
        #expect(try await stored.exchangeCount(.all) > 0)
        try await stored.close()
        let leaks = try await TestDatabase.count(
            """
            SELECT (SELECT count(*) FROM exchanges x WHERE x::text LIKE '%\(password)%')
                 + (SELECT count(*) FROM events e WHERE e::text LIKE '%\(password)%')
                 + (SELECT count(*) FROM sessions s WHERE s::text LIKE '%\(password)%')
                 + (SELECT count(*) FROM tapedeck_meta m WHERE m::text LIKE '%\(password)%')
            """, url: admin)
        #expect(leaks == 0)
        // Nothing in the working directory either (no spool, no file named after the URL).
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        for file in files {
            #expect(!String(decoding: Fixtures.fileBytes(directory.path(file)), as: UTF8.self).contains(password))
        }
    }

    /// Runs `ctl ARGUMENTS` of the outage server and fails when it fails.
    static func control(_ ctl: String, _ arguments: String...) async throws {
        let status = await SignalCleanSpawn.run(["/bin/bash", "-c", "exec \"$0\" \"$@\" >/dev/null", ctl] + arguments)
        if status != 0 { throw ControlFailed(status: status, arguments: arguments) }
    }

    /// `ctl` exited with a failure.
    struct ControlFailed: Error {
        var status: Int32
        var arguments: [String]
    }

    /// Runs the tapedeck binary in `directory`; returns stdout and stderr together.
    static func run(_ binary: String, _ arguments: [String], in directory: TemporaryDirectory, password: String? = nil)
        async throws -> String
    {
        let output = directory.path("output-\(UUID().uuidString).txt")
        var environment = ProcessInfo.processInfo.environment
        environment["PGPASSWORD"] = password
        environment["TAPEDECK_DB"] = nil
        environment["TAPEDECK_OUTPUT"] = output
        environment["TAPEDECK_DIRECTORY"] = directory.url.path
        let script = "cd \"$TAPEDECK_DIRECTORY\" && exec \"$0\" \"$@\" </dev/null >\"$TAPEDECK_OUTPUT\" 2>&1"
        _ = await SignalCleanSpawn.run(["/bin/bash", "-c", script, binary] + arguments, environment: environment)
        defer { try? FileManager.default.removeItem(atPath: output) }
        return String(decoding: Fixtures.fileBytes(output), as: UTF8.self)
    }

    /// `location` (shown without password) pointed at port 1 on loopback, where nothing listens.
    static func unreachable(_ location: String) throws -> String {
        let parsed = try PostgresLocation(url: location)
        return "postgres://\(parsed.user)@127.0.0.1:1/\(parsed.database)"
    }
}

extension PostgresStoreTests {
    @Test func pushingAFileTwiceAddsItOnceAndAConflictIsNotOverwritten() async throws {
        guard Backend.all.contains(.postgres) else { return }
        let binary = try TapedeckExecutable.url().path
        let directory = try TemporaryDirectory()
        let file = directory.path("laptop.sqlite")
        let local = try TapedeckStore(path: file)
        let second = Fixtures.summary(id: "f000000002", startedAt: 1_764_000_010_000_000_000)
        try local.insert(Fixtures.exchange(id: "f000000001"))
        var later = Fixtures.exchange(id: "f000000002", startedAt: second.startedAtNanos)
        later.summary.requestHeaders.append(HeaderField(name: "x-claude-code-session-id", value: "laptop-1"))
        try local.insert(later)
        try local.close()
        let url = try await TestDatabase.create()

        let first = try await Self.run(binary, ["push", file, "--to", url], in: directory)
        #expect(first.contains("Pushed 2 exchange(s)"), "\(first)")
        let twice = try await Self.run(binary, ["push", file, "--to", url], in: directory)
        #expect(twice.contains("Pushed 0 exchange(s)") && twice.contains("2 already there"), "\(twice)")
        let server = try await PostgresStore.open(url: url)
        #expect(try await server.exchangeCount(.all) == 2)
        #expect(try await server.sessionCount(.all) == 2)
        let pushed = try #require(try await server.exchange(id: "f000000002"))
        #expect(try await server.session(id: try #require(pushed.sessionID))?.summary.key == "claude-code:laptop-1")
        #expect(try await server.loadExchange(id: "f000000001").events == Fixtures.events())

        // The server's copy changed: a push reports the conflict and leaves it as it is.
        try await TestDatabase.run("UPDATE exchanges SET status = 500 WHERE id = 'f000000001'", url: url)
        let conflict = try await Self.run(binary, ["push", file, "--to", url], in: directory)
        #expect(conflict.contains("f000000001") && conflict.contains("not overwritten"), "\(conflict)")
        #expect(try await server.exchange(id: "f000000001")?.status == 500)
        try await server.close()
    }
}

extension PostgresStoreTests {
    @Test func theRolesDocsTeamMdGrantAreEnoughToRecordAndToRead() async throws {
        guard Backend.all.contains(.postgres) else { return }
        let admin = try await TestDatabase.create()
        let owner = try await PostgresStore.open(url: admin)
        try await owner.close()
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let location = try PostgresLocation(url: admin)
        for statement in [
            "CREATE ROLE recorder_\(suffix) LOGIN PASSWORD 'r'",
            "GRANT CONNECT ON DATABASE \(location.database) TO recorder_\(suffix)",
            "GRANT USAGE ON SCHEMA public TO recorder_\(suffix)",
            "GRANT SELECT, INSERT, UPDATE ON exchanges, sessions, tapedeck_meta, tapedeck_migrations TO recorder_\(suffix)",
            "GRANT SELECT, INSERT ON events TO recorder_\(suffix)",
            "GRANT EXECUTE ON FUNCTION tapedeck_events_partition(date) TO recorder_\(suffix)",
            "CREATE ROLE reader_\(suffix) LOGIN PASSWORD 'q'",
            "GRANT CONNECT ON DATABASE \(location.database) TO reader_\(suffix)",
            "GRANT USAGE ON SCHEMA public TO reader_\(suffix)",
            "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader_\(suffix)",
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        ] {
            try await TestDatabase.run(statement, url: admin)
        }
        let server = "\(location.host):\(location.port)/\(location.database)"
        let recording = try await PostgresStore.open(url: "postgres://recorder_\(suffix):r@\(server)")
        #expect(try await recording.markInterruptedExchanges() == 0)
        let recorder = recording.makeRecorder()
        let summary = Fixtures.summary(id: "0b0e000001")
        recorder.begin(summary)
        recorder.append(exchangeID: summary.id, events: Fixtures.events())
        recorder.finish(summary, trailing: [], trailingOffsetNanos: nil)
        await recorder.close()
        #expect(recorder.statistics.writeErrors == 0, "\(recorder.statistics)")
        try await recording.close()
        let reading = try await PostgresStore.open(url: "postgres://reader_\(suffix):q@\(server)", readOnly: true)
        #expect(try await reading.loadExchange(id: summary.id).events == Fixtures.events())
        #expect(try await reading.sessionCount(.all) == 1)
        await #expect(throws: StoreError.self) { try await reading.insert([Fixtures.exchange(id: "0b0e000002")]) }
        try await reading.close()
    }
}

/// The tests that stop the second test server: one at a time, since each needs it down, then up.
@Suite(.serialized) struct PostgresOutageTests {
    @Test func theServerStoppedMidStreamLosesNothingAndNeverBlocksTheRecordersCaller() async throws {
        guard Backend.all.contains(.postgres) else { return }
        let environment = ProcessInfo.processInfo.environment
        guard let server = environment["TAPEDECK_TEST_POSTGRES_OUTAGE_URL"],
            let control = environment["TAPEDECK_TEST_POSTGRES_OUTAGE_CTL"]
        else { throw Backend.MissingServer() }
        let url = try await TestDatabase.create(on: server)
        let store = try await PostgresStore.open(url: url)
        let recorder = store.makeRecorder(configuration: .init(closeRetryWindow: .seconds(30)), onNotice: nil)
        let events = Fixtures.events()
        let summary = Fixtures.summary(id: "0a7a9e0001")
        recorder.begin(summary)
        recorder.append(exchangeID: summary.id, events: Array(events[0..<3]))
        await recorder.flush()
        #expect(recorder.statistics.writtenEvents == 3)

        try await PostgresStoreTests.control(control, "stop", "-m", "immediate")
        // While the server is down, every call returns at once (they only enqueue): forwarding, which makes
        // these calls, never waits on the database.
        recorder.append(exchangeID: summary.id, events: Array(events[3...]))
        recorder.finish(summary, trailing: [], trailingOffsetNanos: nil)
        let later = Fixtures.summary(id: "0a7a9e0002", startedAt: summary.startedAtNanos + 5_000_000_000)
        recorder.begin(later)
        recorder.append(exchangeID: later.id, events: events)
        recorder.finish(later, trailing: [], trailingOffsetNanos: nil)
        // The writer runs at background priority: on a loaded machine it may meet the outage late. No signal
        // tells when it did, so poll its statistics (generous deadline) before the server comes back.
        let deadline = ContinuousClock.now + .seconds(30)
        while recorder.statistics.writeErrors == 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await PostgresStoreTests.control(control, "start")
        await recorder.flush()
        await recorder.close()

        let statistics = recorder.statistics
        #expect(statistics.writeErrors > 0, "the outage was not seen: \(statistics)")
        #expect(statistics.droppedEvents == 0 && statistics.writtenEvents == 2 * events.count, "\(statistics)")
        let reopened = try await PostgresStore.open(url: url, readOnly: true)
        #expect(try await reopened.loadExchange(id: summary.id).events == events)
        #expect(try await reopened.loadExchange(id: later.id).events == events)
        #expect(try await reopened.exchange(id: summary.id)?.outcome == .complete)
        try await reopened.close()
        try await store.close()
    }

    @Test func anUnreachableServerAtStartRecordsIntoASpoolThatIsUploadedWhenItIsBack() async throws {
        guard Backend.all.contains(.postgres) else { return }
        let binary = try TapedeckExecutable.url().path
        let environment = ProcessInfo.processInfo.environment
        guard let outage = environment["TAPEDECK_TEST_POSTGRES_OUTAGE_URL"],
            let control = environment["TAPEDECK_TEST_POSTGRES_OUTAGE_CTL"]
        else { throw Backend.MissingServer() }
        let url = try await TestDatabase.create(on: outage)
        let directory = try TemporaryDirectory()
        // One request through the proxy to an upstream that is not there: an exchange to record.
        let request = #"curl -s -o /dev/null "$ANTHROPIC_BASE_URL/v1/messages" -d '{"model":"m","messages":[]}'"#

        // The server is away for the whole run: the recording stays in the spool, and `ls` says so.
        try await PostgresStoreTests.control(control, "stop", "-m", "immediate")
        let away = try await PostgresStoreTests.run(
            binary, ["record", "--db", url, "--upstream", "http://127.0.0.1:1", "--", "/bin/sh", "-c", request],
            in: directory)
        let spools = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
            .filter { $0.hasPrefix("tapedeck-spool-") && $0.hasSuffix(".sqlite") }
        #expect(spools.count == 1, "\(away)")
        let spool = try #require(spools.first)
        #expect(away.contains("recording into the local spool \(spool)") && away.contains("waits for"), "\(away)")
        #expect(try TapedeckStore(path: directory.path(spool), readOnly: true).exchangeCount() == 1)
        let listing = try await PostgresStoreTests.run(binary, ["ls", "--db", url], in: directory)
        #expect(listing.contains("1 local spool file(s) wait to be uploaded: \(spool)"), "\(listing)")

        // The server comes back while the next run records: its spool is uploaded when it stops. The child
        // waits for a file the test makes once the server is up again.
        let waiting = "\(request); while [ ! -e server-is-back ]; do sleep 0.05; done"
        let run = Task {
            try await PostgresStoreTests.run(
                binary, ["record", "--db", url, "--upstream", "http://127.0.0.1:1", "--", "/bin/sh", "-c", waiting],
                in: directory)
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
            .filter({ $0.hasPrefix("tapedeck-spool-") && $0.hasSuffix(".sqlite") }).count < 2
            && ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await PostgresStoreTests.control(control, "start")
        _ = FileManager.default.createFile(atPath: directory.path("server-is-back"), contents: Data())
        let back = try await run.value
        #expect(back.contains("uploaded the spool") && back.contains("removed it"), "\(back)")
        let store = try await PostgresStore.open(url: url, readOnly: true)
        #expect(try await store.exchangeCount(.all) == 1)
        try await store.close()
        // The first spool is still there, and `push` uploads it.
        let pushed = try await PostgresStoreTests.run(binary, ["push", spool, "--to", url], in: directory)
        #expect(pushed.contains("Pushed 1 exchange(s)"), "\(pushed)")
    }
}

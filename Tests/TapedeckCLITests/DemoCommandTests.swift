import Foundation
import TapedeckCore
import TapedeckStore
import TapedeckTestSupport
import Testing

/// `tapedeck demo` is the README's first command: it must work end to end without a terminal.
@Suite struct DemoCommandTests {
    @Test func demoRecordsEveryKindOfExchangeAnAgentSessionAndPrintsShowAndSnapshot() throws {
        let dir = try makeTemporaryDirectory("tapedeck-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("demo.sqlite").path

        // SWIFTNIO_STRICT turns NIO's "scheduling on a loop that has shut down" from a line on stderr into a crash:
        // shutting the proxy and the mock down must leave nothing scheduled on a dead loop.
        let run = try TapedeckExecutable.run(
            ["demo", "--db", db, "--timing", "0.05"], environment: ["SWIFTNIO_STRICT": "1"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(!run.stderr.contains("ERROR"), "stderr: \(run.stderr)")

        let store = try TapedeckStore(path: db, readOnly: true)
        let exchanges = try store.exchanges()
        // Eight single exchanges and a six-exchange agent run.
        #expect(exchanges.count == 14)
        let outcomes = exchanges.map(\.outcome)
        #expect(outcomes.filter { $0 == .complete }.count == 9)
        #expect(outcomes.contains(.errorEvent))
        #expect(outcomes.contains(.upstreamDisconnect))
        #expect(outcomes.contains(.httpError))

        // The agent run is one session: a main thread of four turns (turn 2 retried) and a side request.
        let sessions = try store.sessions()
        #expect(sessions.count == 8)
        let agent = try #require(sessions.first { $0.figures.exchanges == 6 })
        #expect(agent.summary.grouping == .claudeCodeHeader && agent.summary.client == "Claude Code 2.1.86")
        #expect(agent.figures.turns == 5 && agent.figures.threads == 2 && agent.figures.failedExchanges == 2)
        #expect(agent.figures.outcome == .errorEvent)
        let agentExchanges = try store.loadSession(id: agent.summary.id).exchanges.map(\.summary)
        #expect(agentExchanges.filter { $0.threadID == agentExchanges[0].id }.compactMap(\.turn) == [1, 2, 2, 3, 4])

        // The retry chain: the 529 and the identical request after it.
        let failed = try #require(exchanges.first { $0.status == 529 && $0.sessionID != agent.summary.id })
        let retry = try #require(exchanges.first { $0.retryOf == failed.id })
        #expect(retry.attempt == 2)
        #expect(retry.outcome == .complete)

        // The fake key never reaches disk.
        for suffix in ["", "-wal"] {
            if let bytes = FileManager.default.contents(atPath: db + suffix) {
                #expect(!String(decoding: bytes, as: UTF8.self).contains("sk-ant-demo"))
            }
        }

        // Without a terminal: the ls table, then show and the replayer snapshot of the error exchange.
        #expect(run.stdout.contains("OUTCOME"))
        #expect(run.stdout.contains("PARTIAL"))
        #expect(run.stdout.contains("overloaded_error"))
        #expect(run.stdout.contains("─ Thinking"))
    }

    @Test func aSecondDemoStartsAfreshAndOtherRecordingsAreRefusedUntouched() throws {
        let dir = try makeTemporaryDirectory("tapedeck-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("again.sqlite").path
        for _ in 0..<2 {
            let run = try TapedeckExecutable.run(["demo", "--db", db, "--timing", "0", "--no-replay"])
            #expect(run.status == 0, "stderr: \(run.stderr)")
        }
        let store = try TapedeckStore(path: db, readOnly: true)
        #expect(try store.exchangeCount() == 14)
        #expect(try store.exchanges().allSatisfy { $0.attempt <= 2 })

        let mine = dir.appendingPathComponent("mine.sqlite").path
        try TapedeckStore(path: mine).insert(
            RecordedExchange(
                summary: ExchangeSummary(id: "0000000001", startedAtNanos: 1, method: "POST", path: "/v1/messages"),
                events: []))
        let before = FileManager.default.contents(atPath: mine)
        let refused = try TapedeckExecutable.run(["demo", "--db", mine, "--timing", "0", "--no-replay"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("the demo did not make"))
        #expect(FileManager.default.contents(atPath: mine) == before)
    }

    @Test func demoRefusesAForeignDatabaseWithoutTouchingIt() throws {
        let dir = try makeTemporaryDirectory("tapedeck-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("notes.txt").path
        let original = Data("not a database\n".utf8)
        try original.write(to: URL(fileURLWithPath: path))

        let run = try TapedeckExecutable.run(["demo", "--db", path, "--timing", "0"])
        #expect(run.status != 0)
        #expect(run.stderr.contains(path))
        #expect(FileManager.default.contents(atPath: path) == original)
    }
}

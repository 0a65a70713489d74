import Foundation
import GRDB
import TapedeckCore
import Testing

@testable import TapedeckStore

/// Sessions in the file: the schema-1 upgrade, live grouping by the recorder, regroup, listing and resolving.
@Suite struct SessionStoreTests {
    /// `Tests/StoreFixtures/v1.sqlite` (made by `make_v1.py` there), copied so the test may upgrade it.
    private func v1Copy(in directory: TemporaryDirectory) throws -> String {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../StoreFixtures/v1.sqlite").standardizedFileURL.path
        let path = directory.path("v1.sqlite")
        try FileManager.default.copyItem(atPath: source, toPath: path)
        return path
    }

    @Test func aSchemaOneFileIsRefusedReadOnlyAndUpgradedAndGroupedOnTheFirstWriteOpen() throws {
        let directory = try TemporaryDirectory()
        let path = try v1Copy(in: directory)
        #expect(throws: StoreError.needsMigration(path: path, found: 1, supported: Schema.currentVersion)) {
            _ = try TapedeckStore(path: path, readOnly: true)
        }
        let store = try TapedeckStore(path: path)
        let sessions = try store.sessions(ExchangeFilter(order: .oldestFirst))
        #expect(sessions.count == 2)
        let loop = try #require(sessions.first { $0.figures.exchanges == 2 })
        #expect(loop.summary.grouping == .inferred && loop.figures.turns == 2)
        #expect(loop.summary.client == "anthropic-python 2.14.0")
        let second = try #require(try store.exchange(id: "a000000002"))
        #expect(second.sessionID == loop.summary.id && second.continues == "a000000001" && second.turn == 2)
        #expect(second.threadID == "a000000001")
        #expect(try store.exchange(id: "b000000001")?.sessionID != loop.summary.id)
        // The events kept their rows and their cascade under the renamed table.
        #expect(try store.events(exchangeID: "a000000001").count == 9)
        #expect(try store.delete(id: "a000000001"))
        #expect(try store.events(exchangeID: "a000000001").isEmpty)
        try store.close()
        let reopened = try TapedeckStore(path: path, readOnly: true)
        #expect(try reopened.sessionCount() == 2)
    }

    @Test func regroupRebuildsTheSameSessionsAndKeepsKeyedIDs() throws {
        let directory = try TemporaryDirectory()
        let path = try v1Copy(in: directory)
        let store = try TapedeckStore(path: path)
        let before = try store.exchanges().map { [$0.id, $0.threadID ?? "", String($0.turn ?? 0)] }
        #expect(try store.regroup() == 2)
        let after = try store.exchanges().map { [$0.id, $0.threadID ?? "", String($0.turn ?? 0)] }
        #expect(before == after)
    }

    @Test(arguments: Backend.all) func theRecorderGroupsATwoTurnConversationAndARecordSession(_ backend: Backend)
        async throws
    {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        let recorder = store.makeRecorder(configuration: .init(sessionKey: .recordName("nightly")), onNotice: nil)
        let first = Fixtures.summary(id: "c000000001")
        recorder.begin(first)
        recorder.append(exchangeID: first.id, events: Fixtures.events())
        let answer: JSONValue = [["type": "text", "text": "Hello there"]]
        recorder.finish(first, trailing: [], trailingOffsetNanos: nil, answer: answer)
        let body = Array(
            #"{"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello there"},{"role":"user","content":"Again"}]}"#
                .utf8)
        let second = Fixtures.summary(id: "c000000002", startedAt: first.startedAtNanos + 2_000_000_000, body: body)
        recorder.begin(second)
        recorder.finish(second, trailing: [], trailingOffsetNanos: nil, answer: answer)
        await recorder.close()

        let listed = try await store.sessions(.all)
        #expect(listed.count == 1)
        let session = try #require(listed.first)
        #expect(session.summary.key == "record:nightly" && session.summary.grouping == .record)
        #expect(session.figures.exchanges == 2 && session.figures.turns == 2 && session.figures.threads == 1)
        #expect(try await store.exchange(id: "c000000002")?.continues == "c000000001")
        let loaded = try await store.loadSession(id: session.summary.id, requestBodiesOnDemand: false)
        #expect(loaded.exchanges.map(\.summary.id) == ["c000000001", "c000000002"])
        #expect(loaded.turns.map(\.turn) == [1, 2])
    }

    @Test(arguments: Backend.all) func anExchangeImportedLaterContinuesTheThreadOfOneImportedBefore(_ backend: Backend)
        async throws
    {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        try await store.insertOne(Fixtures.exchange(id: "b000000001"))
        let body = Array(
            #"{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello there"},{"role":"user","content":"Again"}]}"#
                .utf8)
        var later = Fixtures.exchange(id: "b000000002", startedAt: 1_764_000_005_000_000_000)
        later.summary.requestBody = body
        try await store.insertOne(later)
        let first = try #require(try await store.exchange(id: "b000000001"))
        let second = try #require(try await store.exchange(id: "b000000002"))
        #expect(second.sessionID == first.sessionID && second.continues == first.id && second.turn == 2)
        #expect(try await store.sessionCount(.all) == 1)
    }

    @Test(arguments: Backend.all) func sessionFiltersKeepSessionsWithAMatchingExchangeAndCountSessions(
        _ backend: Backend
    ) async throws {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        try await store.insertOne(Fixtures.exchange(id: "c000000001", outcome: .complete, model: "claude-opus-4-1"))
        try await store.insertOne(
            Fixtures.exchange(id: "c000000002", startedAt: 1_764_000_100_000_000_000, outcome: .upstreamDisconnect))
        try await store.insertOne(Fixtures.exchange(id: "c000000003", startedAt: 1_764_000_200_000_000_000))
        let failed = try await store.sessions(ExchangeFilter(failuresOnly: true))
        #expect(failed.count == 1 && failed.first?.figures.outcome == .upstreamDisconnect)
        #expect(try await store.sessionCount(ExchangeFilter(failuresOnly: true)) == 1)
        #expect(try await store.sessions(ExchangeFilter(model: "opus")).count == 1)
        let recent = try await store.sessions(ExchangeFilter(sinceNanos: 1_764_000_150_000_000_000))
        #expect(recent.count == 1 && recent.first?.figures.exchanges == 1)
        let newestFirst = try await store.sessions(ExchangeFilter(limit: 2))
        #expect(newestFirst.count == 2 && newestFirst[0].summary.startedAtNanos > newestFirst[1].summary.startedAtNanos)
        #expect(try await store.sessionCount(.all) == 3)
    }

    @Test(arguments: Backend.all) func idsResolveToSessionsOrExchangesAndASharedPrefixIsAmbiguous(_ backend: Backend)
        async throws
    {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        try await store.insertOne(Fixtures.exchange(id: "d000000001"))
        let session = try #require(try await store.exchange(id: "d000000001")?.sessionID)
        #expect(
            try await store.resolveRecording(session)
                == .session(try #require(try await store.session(id: session)).summary))
        guard case .exchange(let exchange) = try await store.resolveRecording("d000000001") else {
            Issue.record("an exchange id must resolve to the exchange")
            return
        }
        #expect(exchange.id == "d000000001")
        guard case .session = try await store.resolveRecording("latest") else {
            Issue.record("latest is the newest session")
            return
        }
        await #expect(throws: StoreError.self) { _ = try await store.resolveRecording("zzzz") }
    }
}

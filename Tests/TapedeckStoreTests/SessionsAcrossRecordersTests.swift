import Foundation
import TapedeckCore
import TapedeckExport
import TapedeckPostgres
import Testing

@testable import TapedeckStore

/// One conversation through two recorders writing to one database (two proxies in front of one agent): one
/// session, one thread, turn after turn, whichever recorder saw which turn.
@Suite struct SessionsAcrossRecordersTests {
    /// Two stores open on one new database (a file, or a database on the test server), as two recorders have.
    private func twoStores(_ backend: Backend, in directory: TemporaryDirectory) async throws -> (
        any RecordingStore, any RecordingStore
    ) {
        switch backend {
        case .sqlite:
            let path = directory.path("team.sqlite")
            return (try TapedeckStore(path: path), try TapedeckStore(path: path))
        case .postgres:
            let url = try await TestDatabase.create()
            return (try await PostgresStore.open(url: url), try await PostgresStore.open(url: url))
        }
    }

    private static let answer1: JSONValue = [["type": "text", "text": "Hello there"]]
    private static let answer2: JSONValue = [["type": "text", "text": "Hello again"]]

    /// The request of turn `turn` (1 to 3) of the conversation "Hi" / "Again" / "More".
    private static func body(turn: Int) -> [UInt8] {
        let messages = [
            #"{"role":"user","content":"Hi"}"#,
            #"{"role":"assistant","content":[{"type":"text","text":"Hello there"}]}"#,
            #"{"role":"user","content":"Again"}"#,
            #"{"role":"assistant","content":"Hello again"}"#,
            #"{"role":"user","content":"More"}"#,
        ].prefix(2 * turn - 1)
        return Array(
            #"{"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,"messages":[\#(messages.joined(separator: ","))]}"#
                .utf8)
    }

    private static func summary(_ id: String, turn: Int) -> ExchangeSummary {
        Fixtures.summary(
            id: id, startedAt: 1_764_000_000_000_000_000 + Int64(turn) * 5_000_000_000, body: body(turn: turn))
    }

    @Test(arguments: Backend.all) func aConversationThroughTwoRecordersIsOneSession(_ backend: Backend) async throws {
        let directory = try TemporaryDirectory()
        let (storeA, storeB) = try await twoStores(backend, in: directory)
        let a = storeA.makeRecorder()
        let b = storeB.makeRecorder()
        let first = Self.summary("d000000001", turn: 1)
        a.begin(first)
        a.append(exchangeID: first.id, events: Fixtures.events())
        a.finish(first, trailing: [], trailingOffsetNanos: nil, answer: Self.answer1)
        await a.flush()
        let second = Self.summary("d000000002", turn: 2)
        b.begin(second)
        b.finish(second, trailing: [], trailingOffsetNanos: nil, answer: Self.answer2)
        await b.flush()
        // Back through the first proxy, which never saw turn 2.
        let third = Self.summary("d000000003", turn: 3)
        a.begin(third)
        a.finish(third, trailing: [], trailingOffsetNanos: nil, answer: Self.answer1)
        await a.close()
        await b.close()

        let rows = try await [first.id, second.id, third.id].asyncMap {
            try #require(try await storeA.exchange(id: $0))
        }
        #expect(Set(rows.map(\.sessionID)).count == 1)
        #expect(rows.map(\.threadID) == [first.id, first.id, first.id])
        #expect(rows.map(\.turn) == [1, 2, 3])
        #expect(rows.map(\.continues) == [nil, first.id, second.id])
        #expect(try await storeB.sessionCount(.all) == 1)
    }

    @Test(arguments: Backend.all) func aTurnBegunBeforeTheOtherRecorderWroteItsParentJoinsItWhenItEnds(
        _ backend: Backend
    ) async throws {
        let directory = try TemporaryDirectory()
        let (storeA, storeB) = try await twoStores(backend, in: directory)
        let a = storeA.makeRecorder()
        let b = storeB.makeRecorder()
        let first = Self.summary("e000000001", turn: 1)
        a.begin(first)
        a.append(exchangeID: first.id, events: Fixtures.events())
        await a.flush()
        // The client had the answer and sent turn 2 through the other proxy before the first recorder's batch
        // with the answer's end was written.
        let second = Self.summary("e000000002", turn: 2)
        b.begin(second)
        await b.flush()
        let early = try #require(try await storeB.exchange(id: second.id))
        #expect(try await storeB.sessionCount(.all) == 2)
        a.finish(first, trailing: [], trailingOffsetNanos: nil, answer: Self.answer1)
        await a.flush()
        b.finish(second, trailing: [], trailingOffsetNanos: nil, answer: Self.answer2)
        await a.close()
        await b.close()

        let parent = try #require(try await storeA.exchange(id: first.id))
        let moved = try #require(try await storeA.exchange(id: second.id))
        #expect(moved.sessionID == parent.sessionID && moved.sessionID != early.sessionID)
        #expect(moved.continues == first.id && moved.turn == 2 && moved.threadID == first.id)
        #expect(try await storeA.sessionCount(.all) == 1)
    }

    @Test(arguments: Backend.all) func aTurnBegunBeforeTheOtherRecorderWroteItsPreviousTurnMovesToItWhenItEnds(
        _ backend: Backend
    ) async throws {
        let directory = try TemporaryDirectory()
        let (storeA, storeB) = try await twoStores(backend, in: directory)
        let a = storeA.makeRecorder()
        let b = storeB.makeRecorder()
        let first = Self.summary("c100000001", turn: 1)
        a.begin(first)
        a.finish(first, trailing: [], trailingOffsetNanos: nil, answer: Self.answer1)
        await a.flush()
        let second = Self.summary("c100000002", turn: 2)
        b.begin(second)
        await b.flush()
        // Turn 3 reaches the first recorder before the second wrote turn 2's end: only turn 1 is known there.
        let third = Self.summary("c100000003", turn: 3)
        a.begin(third)
        await a.flush()
        #expect(try await storeA.exchange(id: third.id)?.continues == first.id)
        b.finish(second, trailing: [], trailingOffsetNanos: nil, answer: Self.answer2)
        await b.flush()
        a.finish(third, trailing: [], trailingOffsetNanos: nil, answer: Self.answer1)
        await a.close()
        await b.close()

        let moved = try #require(try await storeA.exchange(id: third.id))
        #expect(moved.continues == second.id && moved.turn == 3 && moved.threadID == first.id)
        #expect(try await storeA.sessionCount(.all) == 1)
    }

    @Test(arguments: Backend.all) func aKeyedSessionThroughTwoRecordersKeepsOneThread(_ backend: Backend) async throws {
        let directory = try TemporaryDirectory()
        let (storeA, storeB) = try await twoStores(backend, in: directory)
        let configuration = ExchangeRecorder.Configuration(sessionKey: .recordName("nightly"))
        let a = storeA.makeRecorder(configuration: configuration, onNotice: nil)
        let b = storeB.makeRecorder(configuration: configuration, onNotice: nil)
        let first = Self.summary("f000000001", turn: 1)
        a.begin(first)
        a.finish(first, trailing: [], trailingOffsetNanos: nil, answer: Self.answer1)
        await a.close()
        let second = Self.summary("f000000002", turn: 2)
        b.begin(second)
        b.finish(second, trailing: [], trailingOffsetNanos: nil, answer: Self.answer2)
        await b.close()

        let parent = try #require(try await storeB.exchange(id: first.id))
        let next = try #require(try await storeB.exchange(id: second.id))
        #expect(next.sessionID == parent.sessionID)
        #expect(next.threadID == first.id && next.turn == 2 && next.continues == first.id)
    }

    @Test(arguments: Backend.all) func aPushedSessionIsContinuedByTheRecorderItWasPushedTo(_ backend: Backend)
        async throws
    {
        let directory = try TemporaryDirectory()
        let offline = try TapedeckStore(path: directory.path("offline.sqlite"))
        let recorded = offline.makeRecorder()
        let first = Self.summary("a000000001", turn: 1)
        recorded.begin(first)
        recorded.append(exchangeID: first.id, events: Fixtures.events())
        recorded.finish(first, trailing: [], trailingOffsetNanos: nil, answer: Self.answer1)
        await recorded.close()
        let team = try await backend.makeStore(in: directory)
        let report = try await StorePush.push(from: offline, to: team)
        #expect(report.added == 1)

        let recorder = team.makeRecorder()
        let second = Self.summary("a000000002", turn: 2)
        recorder.begin(second)
        recorder.finish(second, trailing: [], trailingOffsetNanos: nil, answer: Self.answer2)
        await recorder.close()
        let next = try #require(try await team.exchange(id: second.id))
        #expect(next.sessionID == (try await team.exchange(id: first.id))?.sessionID)
        #expect(next.continues == first.id && next.turn == 2)
    }
}

extension Array {
    /// `map` with an async throwing transform, in order.
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}

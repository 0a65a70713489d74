import Foundation
import TapedeckCore
import TapedeckExport
import TapedeckTestSupport
import Testing

@testable import TapedeckStore

/// `StorePush`'s rule for an exchange the target holds unfinished: a spool that carries it on continues it (its
/// missing events by sequence number, its row the spool's final state); one that differs in a recorded event is
/// a conflict and the target's copy is left as it was.
@Suite struct StorePushContinueTests {
    /// A long stream: what the server held before the outage is its first `split` events.
    private static let events = Fixtures.events(text: (0..<20).map { " t\($0)" })

    /// The exchange as the server held it when it went away: `in_progress`, its first `split` events.
    private static func begun(_ id: String, split: Int) -> RecordedExchange {
        var summary = Fixtures.summary(id: id, outcome: .inProgress, eventCount: split)
        summary.stopReason = nil
        return RecordedExchange(summary: summary, events: Array(events[..<split]), trailingBytes: [])
    }

    /// The exchange as a spool holds it: its final row, and the events from `from` on (a few the server already
    /// has, when the last batch before the outage was committed but not confirmed).
    private static func spooled(_ id: String, from: Int, trailing: [UInt8] = []) -> RecordedExchange {
        let summary = Fixtures.summary(id: id, eventCount: events.count)
        return RecordedExchange(
            summary: summary, events: Array(events[from...]), trailingBytes: trailing,
            trailingOffsetNanos: trailing.isEmpty ? nil : 42_000_000)
    }

    @Test(arguments: Backend.all)
    func anUnfinishedExchangeIsContinuedAndAChangedEventIsAConflict(_ backend: Backend) async throws {
        let directory = try TemporaryDirectory()
        let target = try await backend.makeStore(in: directory)
        try await target.insert([Self.begun("c000000001", split: 8), Self.begun("c000000002", split: 8)])
        // A spool's copy keeps the row's place in its session, as the recorder had it on the server.
        let placed = try #require(try await target.exchange(id: "c000000001"))
        let spool = try TapedeckStore(path: directory.path("tapedeck-spool-test.sqlite"))
        var later = Self.spooled("c000000001", from: 6, trailing: Array("data: {\"cut".utf8))
        later.summary.sessionID = placed.sessionID
        later.summary.threadID = placed.threadID
        later.summary.turn = placed.turn
        try spool.insert(later)
        var changed = Self.spooled("c000000002", from: 6)
        changed.events[0].data = #"{"type":"ping","changed":true}"#
        try spool.insert(changed)

        let report = try await StorePush.push(from: spool, to: target)
        #expect(report.continued == 1 && report.continuedEvents == Self.events.count - 8, "\(report)")
        #expect(report.conflicts == ["c000000002"] && report.added == 0, "\(report)")
        let continued = try await target.loadExchange(id: "c000000001")
        #expect(continued.events == Self.events)
        #expect(continued.events.map(\.sequence) == Array(0..<Self.events.count))
        #expect(continued.summary.outcome == .complete && continued.summary.eventCount == Self.events.count)
        #expect(continued.summary.stopReason == "end_turn" && continued.summary.droppedEvents == 0)
        #expect(continued.trailingBytes == Array("data: {\"cut".utf8) && continued.trailingOffsetNanos == 42_000_000)
        #expect(continued.summary.sessionID == placed.sessionID && continued.summary.sessionID != nil)
        // The conflicting exchange is as the target had it.
        let kept = try await target.loadExchange(id: "c000000002")
        #expect(kept.events == Array(Self.events[..<8]) && kept.summary.outcome == .inProgress)

        // Pushing again adds nothing and continues nothing.
        let again = try await StorePush.push(from: spool, to: target)
        #expect(again.continued == 0 && again.alreadyThere == 1 && again.conflicts == ["c000000002"], "\(again)")
        #expect(try await target.events(exchangeID: "c000000001").count == Self.events.count)
        try spool.close()
        try await target.close()
    }

    @Test(arguments: Backend.all)
    func aFinishedExchangeIsNeverContinuedAndASpoolShorterThanTheServerIsAConflict(_ backend: Backend) async throws {
        let directory = try TemporaryDirectory()
        let target = try await backend.makeStore(in: directory)
        // Finished on the target: a different later state is a conflict, not a continuation.
        var finished = Self.begun("c000000003", split: 8)
        finished.summary.outcome = .upstreamDisconnect
        // Unfinished on the target with more events than the spool says it has: not carried on by it.
        try await target.insert([finished, Self.begun("c000000004", split: 12)])
        let spool = try TapedeckStore(path: directory.path("tapedeck-spool-test.sqlite"))
        try spool.insert(Self.spooled("c000000003", from: 8))
        var shorter = Self.spooled("c000000004", from: 8)
        shorter.summary.outcome = .inProgress
        shorter.summary.eventCount = 10
        try spool.insert(shorter)

        let report = try await StorePush.push(from: spool, to: target)
        #expect(report.conflicts.sorted() == ["c000000003", "c000000004"] && report.continued == 0, "\(report)")
        #expect(try await target.exchange(id: "c000000003")?.outcome == .upstreamDisconnect)
        #expect(try await target.events(exchangeID: "c000000004").count == 12)
        try spool.close()
        try await target.close()
    }
}

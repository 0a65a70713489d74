import Foundation
import GRDB
import TapedeckCore
import TapedeckTestSupport
import Testing

@testable import TapedeckStore

/// Storage faults while recording: a batch the database refuses is kept and retried, never lost silently.
@Suite(.timeLimit(.minutes(1))) struct RecorderFaultTests {
    /// Another connection holding the write lock, as a `sqlite3` shell in a transaction would.
    private func holdWriteLock(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let locker = try DatabaseQueue(path: path, configuration: configuration)
        try locker.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        return locker
    }

    private func release(_ locker: DatabaseQueue) throws {
        try locker.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }
        try locker.close()
    }

    /// Waits (bounded) until the recorder has seen `count` write errors: the fault has happened.
    func waitForWriteErrors(_ recorder: ExchangeRecorder, atLeast count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while recorder.statistics.writeErrors < count {
            guard ContinuousClock.now < deadline else {
                Issue.record("the recorder never hit the lock")
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    @Test func aBatchRefusedPastTheBusyTimeoutIsRetriedAndNothingIsLost() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("locked.sqlite")
        let store = try TapedeckStore(path: path, busyTimeout: .milliseconds(50))
        let recorder = store.makeRecorder()
        let locker = try holdWriteLock(path)
        let summary = Fixtures.summary(id: "e000000001")
        recorder.begin(summary)
        recorder.append(exchangeID: summary.id, events: Fixtures.events())
        recorder.finish(summary, trailing: [], trailingOffsetNanos: nil)
        try await waitForWriteErrors(recorder, atLeast: 2)
        try release(locker)
        await recorder.flush()
        let loaded = try store.loadExchange(id: summary.id)
        #expect(loaded.events == Fixtures.events())
        #expect(loaded.summary.outcome == .complete && loaded.summary.droppedEvents == 0)
        #expect(recorder.statistics.droppedEvents == 0 && recorder.statistics.writtenEvents == 7)
        #expect(recorder.statistics.lastError?.contains("locked") == true)
        await recorder.close()
    }

    @Test func aClosingRecorderGivesUpAfterItsWindowAndCountsTheTrueLoss() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("gone.sqlite")
        let store = try TapedeckStore(path: path, busyTimeout: .milliseconds(20))
        let recorder = store.makeRecorder(configuration: .init(closeRetryWindow: .milliseconds(200)))
        let locker = try holdWriteLock(path)
        for index in 0..<3 {
            let summary = Fixtures.summary(id: "f00000000\(index)")
            recorder.begin(summary)
            recorder.append(exchangeID: summary.id, events: Fixtures.events())
            recorder.finish(summary, trailing: [], trailingOffsetNanos: nil)
        }
        await recorder.close()
        try release(locker)
        let stats = recorder.statistics
        #expect(stats.droppedEvents == 21 && stats.writtenEvents == 0)
        #expect(stats.writeErrors > 0)
        #expect(try store.exchangeCount() == 0)
    }

    @Test func anExchangeWhoseFirstBatchWasLostGetsItsRowWithTheLossCounted() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("late.sqlite")
        let store = try TapedeckStore(path: path, busyTimeout: .milliseconds(20))
        // Drive the writer directly: the first batch abandoned (as a closing recorder does), the next one written.
        var writer = RecorderBatchWriter(store: store, retryWindowNanos: 0, sessions: nil)
        let summary = Fixtures.summary(id: "a0000000aa")
        let events = Fixtures.events()
        let first: [ExchangeRecorder.Operation] = [.begin(summary), .append(exchangeID: summary.id, events: events)]
        #expect(writer.abandon(first[...], drops: [:]) == events.count)
        let outcome = writer.write(
            [.finish(summary, trailing: [], trailingOffsetNanos: nil, answer: nil)][...], drops: [:])
        #expect(outcome.committed)
        let stored = try #require(try store.exchange(id: summary.id))
        #expect(stored.outcome == .complete && stored.droppedEvents == events.count)
        #expect(stored.note?.contains("refused") == true)
    }

    @Test func aDeletedDatabaseFileIsNoticedAndRecordingGoesOnInANewFileThere() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("deleted.sqlite")
        let store = try TapedeckStore(path: path)
        let notices = Notices()
        let recorder = store.makeRecorder(onNotice: { notices.add($0) })
        let events = Fixtures.events()
        let first = Fixtures.summary(id: "d0000000a1")
        recorder.begin(first)
        recorder.append(exchangeID: first.id, events: Array(events[0..<3]))
        await recorder.flush()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }

        recorder.append(exchangeID: first.id, events: Array(events[3...]))
        recorder.finish(first, trailing: [], trailingOffsetNanos: nil)
        let second = Fixtures.summary(id: "d0000000a2")
        recorder.begin(second)
        recorder.append(exchangeID: second.id, events: events)
        recorder.finish(second, trailing: [], trailingOffsetNanos: nil)
        await recorder.flush()
        await recorder.close()

        #expect(notices.all.count == 1 && notices.all.first?.contains("deleted or replaced") == true)
        let fresh = try TapedeckStore(path: path, readOnly: true)
        #expect(try fresh.loadExchange(id: second.id).events == events)
        let carried = try fresh.loadExchange(id: first.id)
        #expect(carried.summary.outcome == .complete)
        #expect(carried.events.map(\.sequence) == Array(3..<events.count))
        #expect(carried.summary.note?.contains("deleted while this exchange was recorded") == true)
    }
}

extension RecorderFaultTests {
    /// A full filesystem: a small tmpfs (the test runs as root in CI) filled with a ballast file.
    @Test func aFullDiskIsRetriedUntilThereIsRoomAndNothingIsLost() async throws {
        guard getuid() == 0 else {
            print("RecorderFaultTests: not root, so no tmpfs to fill: the full-disk test did not run")
            return
        }
        let directory = try TemporaryDirectory()
        let mountPoint = directory.path("small")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        guard try Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=3m", "tmpfs", mountPoint]) == 0 else {
            Issue.record("could not mount a tmpfs at \(mountPoint) as root")
            return
        }
        defer { _ = try? Self.run("/bin/umount", ["-l", mountPoint]) }
        let path = mountPoint + "/full.sqlite"
        let store = try TapedeckStore(path: path, busyTimeout: .milliseconds(20))
        let ballast = mountPoint + "/ballast"
        #expect(FileManager.default.createFile(atPath: ballast, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: ballast))
        let block = Data(repeating: 0x61, count: 16_384)
        while (try? handle.write(contentsOf: block)) != nil {}
        try handle.close()

        let recorder = store.makeRecorder()
        let text = String(repeating: "x", count: 4_000)
        let events = (0..<200).map { index in
            let data = #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\#(text)"}}"#
            return RecordedEvent(
                sequence: index, offsetNanos: Int64(index) * 1_000, type: "content_block_delta", data: data,
                raw: Array("event: content_block_delta\ndata: \(data)\n\n".utf8))
        }
        let summary = Fixtures.summary(id: "f0000000aa", eventCount: events.count)
        recorder.begin(summary)
        recorder.append(exchangeID: summary.id, events: events)
        recorder.finish(summary, trailing: [], trailingOffsetNanos: nil)
        try await waitForWriteErrors(recorder, atLeast: 1)
        #expect(recorder.statistics.lastError?.contains("full") == true, "\(recorder.statistics)")
        try FileManager.default.removeItem(atPath: ballast)
        await recorder.flush()
        await recorder.close()

        #expect(try store.loadExchange(id: summary.id).events == events)
        #expect(recorder.statistics.droppedEvents == 0 && recorder.statistics.writtenEvents == events.count)
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        try ProcessRunner.run(URL(fileURLWithPath: executable), arguments).status
    }
}

/// Notices a recorder reported, collected from its writer thread.
private final class Notices: @unchecked Sendable {
    private let lock = NSLock()
    private var notices: [String] = []

    func add(_ notice: String) {
        lock.lock()
        notices.append(notice)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return notices
    }
}

import Foundation
import NIOConcurrencyHelpers
import TapedeckCore
import TapedeckExport
import TapedeckTestSupport
import Testing

@testable import TapedeckStore

/// The spooling seam without a server process: a "server" that is an SQLite file which can be made unreachable,
/// before a batch begins or after it ran (a connection lost at COMMIT), so each path is taken for certain.
@Suite struct SpoolingRecorderDatabaseTests {
    /// The server's error when it is away.
    struct Unreachable: Error {}

    /// An SQLite store standing in for a server; `mode` says how it fails.
    final class FlakyServer: RecorderDatabase {
        enum Mode { case up, refusesConnections, breaksAtCommit }
        let store: TapedeckStore
        let mode = NIOLockedValueBox(Mode.up)
        let transactions = NIOLockedValueBox(0)

        init(store: TapedeckStore) { self.store = store }

        var location: String { "server:" + store.path }

        func transaction(_ body: (any StoreTransaction) throws -> Void) throws {
            transactions.withLockedValue { $0 += 1 }
            switch mode.withLockedValue({ $0 }) {
            case .up:
                try SQLiteRecorderDatabase(store: store).transaction(body)
            case .refusesConnections:
                throw Unreachable()
            case .breaksAtCommit:
                try SQLiteRecorderDatabase(store: store).transaction { transaction in
                    try body(transaction)
                    throw Unreachable()
                }
            }
        }

        func describe(_ error: any Error, operation: String) -> String { "\(operation): \(error)" }
        func replacementIfGone() -> RecorderDatabaseReplacement? { nil }
        func close() {}
    }

    private static let events = Fixtures.events(text: (0..<30).map { " w\($0)" })

    /// Uploads a spool as `record` does (`StorePush`; the file removed after the last step), into the stand-in.
    private static func upload(_ path: String, _ step: RecorderSpool.Step, to server: FlakyServer) async
        -> RecorderSpool.Upload
    {
        guard server.mode.withLockedValue({ $0 }) == .up else { return .serverAway("down") }
        do {
            let report = try await StorePush.pushSpool(at: path, to: server.store, step: step)
            guard report.conflicts.isEmpty else { return .kept("\(report.conflicts)") }
            if step == .copySoFar { return .uploaded("copied") }
            return .uploaded("uploaded \(report.added) added, \(report.continued) continued")
        } catch {
            return .kept("\(error)")
        }
    }

    @Test(arguments: [FlakyServer.Mode.refusesConnections, .breaksAtCommit])
    func aBatchTheServerCannotTakeGoesToTheSpoolAndComesBackWhole(_ failure: FlakyServer.Mode) async throws {
        let directory = try TemporaryDirectory()
        let server = FlakyServer(store: try TapedeckStore(path: directory.path("server.sqlite")))
        let notices = NIOLockedValueBox<[String]>([])
        let spool = RecorderSpool(
            newPath: { directory.path("tapedeck-spool-unit.sqlite") },
            upload: { path, step in await Self.upload(path, step, to: server) })
        let database = SpoolingRecorderDatabase(
            server: server, spool: spool, unreachable: { $0 is Unreachable ? "unreachable" : nil },
            onNotice: { notice in notices.withLockedValue { $0.append(notice) } })
        let recorder = ExchangeRecorder(database: database, lock: nil, configuration: .init())
        var first = Fixtures.summary(id: "a100000001", outcome: .inProgress, eventCount: 5)
        first.stopReason = nil
        recorder.begin(first)
        recorder.append(exchangeID: first.id, events: Array(Self.events[0..<5]))
        recorder.update(first)
        await recorder.flush()

        // The server goes away: the next batch goes to the spool, which gets the live exchange's row first.
        server.mode.withLockedValue { $0 = failure }
        recorder.append(exchangeID: first.id, events: Array(Self.events[5..<20]))
        let second = Fixtures.exchange(id: "a100000002", startedAt: first.startedAtNanos + 1_000_000_000)
        recorder.begin(second.summary)
        recorder.append(exchangeID: second.summary.id, events: second.events)
        recorder.finish(second.summary, trailing: [], trailingOffsetNanos: nil)
        await recorder.flush()
        #expect(spool.waiting == directory.path("tapedeck-spool-unit.sqlite"))
        #expect(notices.withLockedValue { $0.count == 1 && $0[0].contains("tapedeck-spool-unit.sqlite") })
        let spooled = try TapedeckStore(path: directory.path("tapedeck-spool-unit.sqlite"), readOnly: true)
        #expect(try spooled.events(exchangeID: first.id).map(\.sequence) == Array(5..<20))
        #expect(try spooled.exchange(id: first.id)?.outcome == .inProgress)
        try spooled.close()
        #expect(try server.store.events(exchangeID: first.id).count == 5)

        // It answers again: the probe uploads the spool (continuing the first exchange) and removes it.
        server.mode.withLockedValue { $0 = .up }
        let deadline = ContinuousClock.now + .seconds(30)
        while spool.waiting != nil && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(spool.waiting == nil, "\(notices.withLockedValue { $0 })")
        #expect(!FileManager.default.fileExists(atPath: directory.path("tapedeck-spool-unit.sqlite")))
        recorder.append(exchangeID: first.id, events: Array(Self.events[20...]))
        var done = Fixtures.summary(id: first.id, eventCount: Self.events.count)
        done.startedAtNanos = first.startedAtNanos
        recorder.finish(done, trailing: [], trailingOffsetNanos: nil)
        await recorder.close()

        let statistics = recorder.statistics
        #expect(statistics.droppedEvents == 0, "\(statistics)")
        // Breaking at COMMIT is seen once (the recorder retries that batch, into the spool); a refused
        // connection is never an error: the batch goes straight to the spool.
        #expect(statistics.writeErrors == (failure == .breaksAtCommit ? 1 : 0), "\(statistics)")
        let whole = try server.store.loadExchange(id: first.id)
        #expect(whole.events == Self.events && whole.summary.outcome == .complete)
        #expect(try server.store.loadExchange(id: second.summary.id).events == second.events)
        #expect(notices.withLockedValue { $0.last?.contains("answers again") == true })
    }

    @Test func theRecordingGoesOnWhileTheSpoolIsUploaded() async throws {
        let directory = try TemporaryDirectory()
        let server = FlakyServer(store: try TapedeckStore(path: directory.path("server.sqlite")))
        let (entered, enteredSignal) = AsyncStream<Void>.makeStream()
        let (gate, gateOpener) = AsyncStream<Void>.makeStream()
        let spool = RecorderSpool(
            newPath: { directory.path("tapedeck-spool-held.sqlite") },
            upload: { path, step in
                guard server.mode.withLockedValue({ $0 }) == .up else { return .serverAway("down") }
                if step == .copySoFar {
                    // The copy made while the recorder goes on is held until the test has recorded meanwhile.
                    enteredSignal.yield()
                    for await _ in gate { break }
                }
                return await Self.upload(path, step, to: server)
            })
        let database = SpoolingRecorderDatabase(
            server: server, spool: spool, unreachable: { $0 is Unreachable ? "unreachable" : nil }, onNotice: nil)
        let recorder = ExchangeRecorder(database: database, lock: nil, configuration: .init())
        var first = Fixtures.summary(id: "a100000003", outcome: .inProgress, eventCount: 5)
        first.stopReason = nil
        recorder.begin(first)
        recorder.append(exchangeID: first.id, events: Array(Self.events[0..<5]))
        await recorder.flush()
        server.mode.withLockedValue { $0 = .refusesConnections }
        recorder.append(exchangeID: first.id, events: Array(Self.events[5..<20]))
        // Begun while the server is away, its row not updated yet (event count 0): still in progress when the
        // spool is copied, it waits for the upload that ends the spool.
        let second = Fixtures.summary(
            id: "a100000004", startedAt: first.startedAtNanos + 1_000_000_000, outcome: .inProgress, eventCount: 0)
        recorder.begin(second)
        recorder.append(exchangeID: second.id, events: Array(Self.events[0..<10]))
        await recorder.flush()
        #expect(spool.waiting != nil)

        // The server answers; while the spool's copy is under way, a batch is recorded (into the spool) and its
        // flush returns: the upload does not hold the recorder.
        server.mode.withLockedValue { $0 = .up }
        var signals = entered.makeAsyncIterator()
        _ = await signals.next()
        recorder.append(exchangeID: first.id, events: Array(Self.events[20..<25]))
        recorder.append(exchangeID: second.id, events: Array(Self.events[10..<15]))
        let flushedWhileHeld = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await recorder.flush()
                return true
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(20))
                return false
            }
            let first = await group.next() ?? false
            // The copy goes on either way (a recorder held by it is then released, and the test ends).
            gateOpener.yield()
            gateOpener.finish()
            group.cancelAll()
            return first
        }
        #expect(flushedWhileHeld)

        let deadline = ContinuousClock.now + .seconds(30)
        while spool.waiting != nil && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(spool.waiting == nil)
        recorder.append(exchangeID: first.id, events: Array(Self.events[25...]))
        var done = Fixtures.summary(id: first.id, eventCount: Self.events.count)
        done.startedAtNanos = first.startedAtNanos
        recorder.finish(done, trailing: [], trailingOffsetNanos: nil)
        recorder.append(exchangeID: second.id, events: Array(Self.events[15...]))
        var secondDone = Fixtures.summary(id: second.id, eventCount: Self.events.count)
        secondDone.startedAtNanos = second.startedAtNanos
        recorder.finish(secondDone, trailing: [], trailingOffsetNanos: nil)
        await recorder.close()
        #expect(recorder.statistics.droppedEvents == 0, "\(recorder.statistics)")
        for id in [first.id, second.id] {
            let whole = try server.store.loadExchange(id: id)
            #expect(whole.events == Self.events && whole.summary.outcome == .complete, "\(id)")
        }
    }
}

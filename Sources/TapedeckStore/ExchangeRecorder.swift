import Foundation
import TapedeckCore

/// The batched writer of live capture: every call is a short, lock-protected enqueue that never waits on disk;
/// one writer thread drains the queue into one transaction per batch, at least every 50 ms.
///
/// `@unchecked Sendable`: all mutable state is guarded by `condition`.
public final class ExchangeRecorder: @unchecked Sendable {
    /// One queued request to the writer.
    enum Operation {
        case begin(ExchangeSummary)
        case append(exchangeID: String, events: [RecordedEvent])
        case update(ExchangeSummary)
        case finish(ExchangeSummary, trailing: [UInt8], trailingOffsetNanos: Int64?, answer: JSONValue?)
        case flush(CheckedContinuation<Void, Never>)

        /// The exchange the operation is about (nil for a flush).
        var exchangeID: String? {
            switch self {
            case .begin(let summary), .update(let summary), .finish(let summary, _, _, _): summary.id
            case .append(let exchangeID, _): exchangeID
            case .flush: nil
            }
        }
    }

    /// The limits this recorder runs with.
    public let configuration: Configuration
    /// Told at once about trouble the user should know before the recorder stops (the file deleted under it).
    private let onNotice: (@Sendable (String) -> Void)?
    private let database: any RecorderDatabase
    /// Held while the writer runs, so no other process marks this recorder's exchanges interrupted (a shared
    /// `flock` on an SQLite file's lock file, a session advisory lock on PostgreSQL).
    private var lock: (any Sendable)?
    private let condition = NSCondition()
    private var queue: [Operation] = []
    private var queuedEvents = 0
    private var queuedBytes = 0
    private var pendingDrops: [String: Int] = [:]
    private var flushRequested = false
    private var closing = false
    private var finished = false
    private var closeWaiters: [CheckedContinuation<Void, Never>] = []
    private var stats = RecorderStatistics()

    /// Starts the writer thread on `database`, holding `lock` until it stops; use a store's `makeRecorder()`.
    package init(
        database: any RecorderDatabase, lock: (any Sendable)?, configuration: Configuration,
        onNotice: (@Sendable (String) -> Void)? = nil
    ) {
        self.database = database
        self.configuration = configuration
        self.onNotice = onNotice
        self.lock = lock
        // Writing must never delay forwarding: the writer yields the core to the proxy's event loop.
        BackgroundThread.start(named: ThreadName.store) { [self] in self.runWriter() }
    }

    /// Records the start of an exchange: its row exists (as `in_progress`) from the next batch on; the writer links
    /// it to a failed earlier attempt with the same request (`retryOf`, `attempt`).
    public func begin(_ summary: ExchangeSummary) {
        enqueue(.begin(summary), events: 0, bytes: 0, exchangeID: summary.id)
    }

    /// Queues events of an exchange; over the memory cap they are dropped and counted in the exchange's `droppedEvents`.
    public func append(exchangeID: String, events: [RecordedEvent]) {
        guard !events.isEmpty else { return }
        let bytes = Self.byteSize(events)
        enqueue(
            .append(exchangeID: exchangeID, events: events), events: events.count, bytes: bytes, exchangeID: exchangeID)
    }

    /// Records progress (model, status, TTFT, usage, ...) of a running exchange; retry fields are the writer's.
    public func update(_ summary: ExchangeSummary) {
        enqueue(.update(summary), events: 0, bytes: 0, exchangeID: summary.id)
    }

    /// Records the end of an exchange with the bytes after its last complete event; `answer` (the assembled
    /// content blocks, nil when none came) lets the next request of the same conversation join its session.
    public func finish(
        _ summary: ExchangeSummary, trailing: [UInt8], trailingOffsetNanos: Int64?, answer: JSONValue? = nil
    ) {
        enqueue(
            .finish(summary, trailing: trailing, trailingOffsetNanos: trailingOffsetNanos, answer: answer),
            events: 0, bytes: 0, exchangeID: summary.id)
    }

    /// Returns once everything queued before the call is committed (or has failed and been counted).
    public func flush() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            condition.lock()
            if finished {
                condition.unlock()
                continuation.resume()
                return
            }
            queue.append(.flush(continuation))
            flushRequested = true
            condition.signal()
            condition.unlock()
        }
    }

    /// Writes everything still queued and stops the writer thread; later calls are counted as dropped.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            condition.lock()
            if finished {
                condition.unlock()
                continuation.resume()
                return
            }
            closing = true
            closeWaiters.append(continuation)
            condition.signal()
            condition.unlock()
        }
    }

    /// Counters so far (written, dropped, errors).
    public var statistics: RecorderStatistics {
        condition.lock()
        defer { condition.unlock() }
        return stats
    }

    /// What queued events hold in memory, as counted against `maxQueuedBytes`.
    static func byteSize(_ events: [RecordedEvent]) -> Int {
        events.reduce(0) { $0 + $1.data.utf8.count + $1.raw.count + $1.type.utf8.count }
    }

    private func enqueue(_ operation: Operation, events: Int, bytes: Int, exchangeID: String) {
        condition.lock()
        defer { condition.unlock() }
        if closing || finished {
            stats.droppedEvents += events
            if events == 0 {
                stats.writeErrors += 1
                stats.lastError = "a recorder call arrived after close() for exchange \(exchangeID)"
            }
            return
        }
        if events > 0
            && (queuedEvents + events > configuration.maxQueuedEvents
                || queuedBytes + bytes > configuration.maxQueuedBytes)
        {
            pendingDrops[exchangeID, default: 0] += events
            stats.droppedEvents += events
            return
        }
        let wasEmpty = queue.isEmpty
        queue.append(operation)
        queuedEvents += events
        queuedBytes += bytes
        if wasEmpty || queuedEvents >= configuration.batchEventThreshold { condition.signal() }
    }

    /// The writer thread: waits for work, lets a batch gather for up to `maxBatchDelay`, writes it in one transaction.
    private func runWriter() {
        let waiters = drainUntilClosed()
        database.close()
        // The batch writer (and a store it opened in place of a deleted file) is gone by now, so a caller of
        // `close()` finds every connection closed.
        for waiter in waiters { waiter.resume() }
    }

    /// Writes batches until `close()`; returns the continuations waiting for the close.
    private func drainUntilClosed() -> [CheckedContinuation<Void, Never>] {
        var writer = RecorderBatchWriter(
            database: database, retryWindowNanos: configuration.retryWindow.nanoseconds,
            sessions: configuration.groupsSessions ? SessionAssigner(configuredKey: configuration.sessionKey) : nil)
        let delay = configuration.maxBatchDelay.seconds
        while true {
            condition.lock()
            while queue.isEmpty && pendingDrops.isEmpty && !closing { condition.wait() }
            if queue.isEmpty && pendingDrops.isEmpty && closing {
                finished = true
                lock = nil
                let waiters = closeWaiters
                closeWaiters = []
                condition.unlock()
                return waiters
            }
            let deadline = Date(timeIntervalSinceNow: delay)
            while !flushRequested && !closing && queuedEvents < configuration.batchEventThreshold {
                if !condition.wait(until: deadline) { break }
            }
            let taken = queue
            let drops = pendingDrops
            queue = []
            pendingDrops = [:]
            flushRequested = false
            condition.unlock()

            // Write what was taken in transactions of at most `maxTransactionEvents`, so a backlog never becomes
            // one huge transaction (readers would wait for it, and the WAL would balloon). `queuedEvents` keeps
            // counting taken events until they are written, so the memory cap covers them too.
            var start = 0
            var firstChunk = true
            while start < taken.count || firstChunk {
                var end = start
                var events = 0
                var bytes = 0
                while end < taken.count && (end == start || events < configuration.maxTransactionEvents) {
                    if case .append(_, let appended) = taken[end] {
                        events += appended.count
                        bytes += Self.byteSize(appended)
                    }
                    end += 1
                }
                let chunk = taken[start..<end]
                let chunkDrops = firstChunk ? drops : [:]
                if let notice = writer.replaceFileIfGone() {
                    condition.lock()
                    stats.writeErrors += 1
                    stats.lastError = notice
                    condition.unlock()
                    onNotice?(notice)
                }
                var outcome = writer.write(chunk, drops: chunkDrops)
                var failedSince: ContinuousClock.Instant?
                var attempt = 0
                while !outcome.committed && outcome.lastError != nil {
                    // The database refused the whole transaction (locked past the busy timeout, disk full, an I/O
                    // error): keep the batch and try it again with backoff; what arrives meanwhile waits in the
                    // queue under its cap. Only a closing recorder gives up, after `closeRetryWindow`.
                    let now = ContinuousClock.now
                    let since = failedSince ?? now
                    failedSince = since
                    condition.lock()
                    stats.writeErrors += 1
                    if let error = outcome.lastError { stats.lastError = error }
                    let givingUp = closing && now - since >= configuration.closeRetryWindow
                    condition.unlock()
                    if givingUp { break }
                    Thread.sleep(forTimeInterval: min(2.0, 0.05 * Double(1 << min(attempt, 6))))
                    attempt += 1
                    outcome = writer.write(chunk, drops: chunkDrops)
                }
                if !outcome.committed && outcome.lastError != nil {
                    outcome.droppedEvents += writer.abandon(chunk, drops: chunkDrops)
                }
                condition.lock()
                queuedEvents -= events
                queuedBytes -= bytes
                stats.writtenEvents += outcome.writtenEvents
                stats.droppedEvents += outcome.droppedEvents
                stats.writeErrors += outcome.errors
                if outcome.committed { stats.batches += 1 }
                if let error = outcome.lastError { stats.lastError = error }
                condition.unlock()
                for operation in chunk {
                    if case .flush(let continuation) = operation { continuation.resume() }
                }
                start = end
                firstChunk = false
            }
        }
    }
}

extension Duration {
    /// Whole nanoseconds (saturating), for SQL arithmetic on `*_ns` columns.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? Int64.max : scaled + attoseconds / 1_000_000_000
    }

    /// Seconds as a `TimeInterval`.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

import Dispatch
import Foundation
import TapedeckCore

extension ExchangeRecorder {
    /// The recorder thread: waits for work, runs a pass (feeders, then one transaction for everything queued), lets
    /// the rest of the window go by, and again, until `close()`.
    func run() {
        let waiters = passUntilClosed()
        database.close()
        // The batch writer (and a store it opened in place of a deleted file) is gone by now, so a caller of
        // `close()` finds every connection closed.
        for waiter in waiters { waiter.resume() }
    }

    /// Runs passes until `close()`; returns the continuations waiting for the close.
    private func passUntilClosed() -> [CheckedContinuation<Void, Never>] {
        var writer = RecorderBatchWriter(
            database: database, retryWindowNanos: configuration.retryWindow.nanoseconds,
            sessions: configuration.groupsSessions ? SessionAssigner(configuredKey: configuration.sessionKey) : nil)
        while true {
            if let waiters = waitForWork() { return waiters }
            let started = ContinuousClock.now
            pass(&writer)
            waitForWindowEnd(since: started)
        }
    }

    /// Blocks until a pass has something to do (nil), or returns the close waiters once the recorder is closed and
    /// nothing is left (the thread stops holding the live-recorder lock and its feeders then).
    private func waitForWork() -> [CheckedContinuation<Void, Never>]? {
        while true {
            let waiters = state.withLockedValue { state -> [CheckedContinuation<Void, Never>]?? in
                if state.hasWork { return .some(nil) }
                if state.closing {
                    state.finished = true
                    state.lock = nil
                    state.feeders = []
                    let waiters = state.closeWaiters
                    state.closeWaiters = []
                    return .some(waiters)
                }
                state.sleep = .idle
                return nil
            }
            if let waiters { return waiters }
            wake.wait()
        }
    }

    /// Lets the rest of the window since `started` go by, unless something urgent (a flush, a drain, a close, a
    /// full batch) wants the next pass now.
    private func waitForWindowEnd(since started: ContinuousClock.Instant) {
        let threshold = configuration.batchEventThreshold
        let rest = state.withLockedValue { state -> Duration? in
            let rest = state.window - (ContinuousClock.now - started)
            guard rest > .zero, !state.isUrgent(batchEventThreshold: threshold) else { return nil }
            state.sleep = .window
            return rest
        }
        guard let rest else { return }
        let deadline = DispatchTime.now() + .nanoseconds(Int(clamping: rest.nanoseconds))
        guard wake.wait(timeout: deadline) == .timedOut else { return }
        // Whoever marked the thread running after the timeout signals it: take that signal, so the next wait
        // is not cut short by it.
        let signalled = state.withLockedValue { state -> Bool in
            if state.sleep == .running { return true }
            state.sleep = .running
            return false
        }
        if signalled { wake.wait() }
    }

    /// Runs every feeder on this thread, so what they apply lands in this pass's queue.
    private func feed() {
        let feeders = state.withLockedValue { state in
            state.feederWork = false
            state.feederFilling = false
            return state.feeders
        }
        for feed in feeders { feed() }
    }

    /// One pass: the feeders, then everything queued written in transactions of at most `maxTransactionEvents`
    /// (so a backlog never becomes one huge transaction: readers would wait for it, and the WAL would balloon);
    /// again while a feeder asked to run once more after the write (`feedAgainAfterWrite()`).
    private func pass(_ writer: inout RecorderBatchWriter) {
        repeat {
            feed()
            writeQueued(&writer)
        } while state.withLockedValue { state in
            defer { state.feedAfterWrite = false }
            return state.feedAfterWrite
        }
    }

    /// Writes everything queued.
    private func writeQueued(_ writer: inout RecorderBatchWriter) {
        let (taken, drops) = state.withLockedValue { state in
            let taken = state.queue
            let drops = state.pendingDrops
            state.queue = []
            state.pendingDrops = [:]
            state.flushesQueued = 0
            return (taken, drops)
        }
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
            let outcome = writeRetrying(chunk, drops: firstChunk ? drops : [:], writer: &writer)
            // `queuedEvents` counted the taken events until now, so the memory cap covered them while they waited.
            state.withLockedValue { state in
                state.queuedEvents -= events
                state.queuedBytes -= bytes
                state.statistics.writtenEvents += outcome.writtenEvents
                state.statistics.droppedEvents += outcome.droppedEvents
                state.statistics.writeErrors += outcome.errors
                if outcome.committed { state.statistics.batches += 1 }
                if let error = outcome.lastError { state.statistics.lastError = error }
            }
            for operation in chunk {
                if case .flush(let continuation) = operation { continuation.resume() }
            }
            start = end
            firstChunk = false
        }
    }

    /// Writes `chunk` in one transaction. When the database refuses it (locked past the busy timeout, disk full, an
    /// I/O error), keeps it and tries again with backoff, running the feeders between attempts so producers are not
    /// held up (what they hand over waits in the queue under its caps); only a closing recorder gives up, after
    /// `closeRetryWindow`, and counts what is lost.
    private func writeRetrying(
        _ chunk: ArraySlice<Operation>, drops: [String: Int], writer: inout RecorderBatchWriter
    ) -> RecorderBatchWriter.BatchOutcome {
        if let notice = writer.replaceFileIfGone() {
            state.withLockedValue { state in
                state.statistics.writeErrors += 1
                state.statistics.lastError = notice
            }
            onNotice?(notice)
        }
        var outcome = writer.write(chunk, drops: drops)
        var failedSince: ContinuousClock.Instant?
        var attempt = 0
        while !outcome.committed, let error = outcome.lastError {
            let now = ContinuousClock.now
            let since = failedSince ?? now
            failedSince = since
            let closeRetryWindow = configuration.closeRetryWindow
            let givingUp = state.withLockedValue { state -> Bool in
                state.statistics.writeErrors += 1
                state.statistics.lastError = error
                return state.closing && now - since >= closeRetryWindow
            }
            if givingUp { break }
            feed()
            Thread.sleep(forTimeInterval: min(2.0, 0.05 * Double(1 << min(attempt, 6))))
            attempt += 1
            outcome = writer.write(chunk, drops: drops)
        }
        if !outcome.committed && outcome.lastError != nil {
            outcome.droppedEvents += writer.abandon(chunk, drops: drops)
        }
        return outcome
    }
}

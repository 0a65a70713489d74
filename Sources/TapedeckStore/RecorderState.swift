import TapedeckCore

/// Everything an `ExchangeRecorder`'s callers and its one thread share, kept in one `NIOLockedValueBox` so the
/// compiler checks that it is only touched under the lock.
struct RecorderState {
    /// What the recorder thread is doing, so a caller signals it only when it waits (one signal per wait).
    enum Sleep {
        /// Working (a pass, a retry): nothing to signal, it looks at the state before it waits again.
        case running
        /// Waiting for any work.
        case idle
        /// Letting the rest of its pass window go by; woken early only by something urgent.
        case window
    }

    /// Operations waiting for the next pass, in call order.
    var queue: [ExchangeRecorder.Operation] = []
    /// Events queued or taken and not yet written (what `maxQueuedEvents` bounds).
    var queuedEvents = 0
    /// Bytes of those events (what `maxQueuedBytes` bounds).
    var queuedBytes = 0
    /// Events refused by the caps since the last pass, per exchange, for `dropped_events`.
    var pendingDrops: [String: Int] = [:]
    /// `flush()` calls in the queue: each makes the next pass start at once.
    var flushesQueued = 0
    /// Callers waiting for work to be done without the window (a capture drain): passes follow each other at once.
    var expedited = 0
    /// A feeder has work for the next pass (set off the recorder thread, cleared when a pass starts).
    var feederWork = false
    /// A feeder asked to run again after the pass's write (`ExchangeRecorder.feedAgainAfterWrite()`).
    var feedAfterWrite = false
    /// A feeder's own queue is filling (past half its cap): the next pass starts now, not at the window's end.
    var feederFilling = false
    /// Producers run at the start of every pass on the recorder thread (the capture proxy's parsing).
    var feeders: [@Sendable () -> Void] = []
    /// The shortest time between the starts of two passes.
    var window: Duration
    var sleep = Sleep.running
    var closing = false
    /// The thread has stopped: every later call is counted as dropped or returns at once.
    var finished = false
    var closeWaiters: [CheckedContinuation<Void, Never>] = []
    var statistics = RecorderStatistics()
    /// The live-recorder lock (`RecorderLock`, or nil), released when the thread stops.
    var lock: (any Sendable)?

    /// Whether a pass has something to do.
    var hasWork: Bool { !queue.isEmpty || !pendingDrops.isEmpty || feederWork }

    /// Whether the next pass should start now rather than at the end of the window.
    func isUrgent(batchEventThreshold: Int) -> Bool {
        flushesQueued > 0 || expedited > 0 || closing || queuedEvents >= batchEventThreshold || feederFilling
    }

    /// Whether the caller that just changed the state must signal the thread; marks the thread running, so one
    /// wait gets exactly one signal.
    mutating func shouldWake(batchEventThreshold: Int) -> Bool {
        switch sleep {
        case .running:
            return false
        case .idle:
            guard hasWork || closing else { return false }
        case .window:
            guard hasWork && isUrgent(batchEventThreshold: batchEventThreshold) || closing else { return false }
        }
        sleep = .running
        return true
    }
}

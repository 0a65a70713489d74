import Dispatch
import NIOConcurrencyHelpers
import TapedeckCore

/// The batched writer of live capture: every call is a short locked enqueue that never waits on disk; one thread of
/// its own (`tapedeck-rec`, at background priority) wakes at most once per window, runs the feeders attached to it
/// (the capture proxy parses there), and writes everything queued in one transaction. So an isolated event at a
/// token cadence costs a share of one wake-up and one transaction, across every exchange and every producer.
public final class ExchangeRecorder: Sendable {
    /// One queued request to the writer.
    enum Operation: Sendable {
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
    let onNotice: (@Sendable (String) -> Void)?
    let database: any RecorderDatabase
    let state: NIOLockedValueBox<RecorderState>
    /// Signalled once per wait of the thread, by whoever marks it running again (`RecorderState.shouldWake`).
    let wake = DispatchSemaphore(value: 0)

    /// Starts the recorder thread on `database`, holding `lock` until it stops; use a store's `makeRecorder()`.
    package init(
        database: any RecorderDatabase, lock: (any Sendable)?, configuration: Configuration,
        onNotice: (@Sendable (String) -> Void)? = nil
    ) {
        self.database = database
        self.configuration = configuration
        self.onNotice = onNotice
        state = NIOLockedValueBox(RecorderState(window: configuration.maxBatchDelay, lock: lock))
        // Writing must never delay forwarding: the thread yields the core to the proxy's event loops.
        BackgroundThread.start(named: ThreadName.recorder) { [self] in self.run() }
    }

    /// Records the start of an exchange: its row exists (as `in_progress`) from the next pass on; the writer links
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

    /// Returns once everything queued before the call is committed (or has failed and been counted); the pass that
    /// writes it starts at once instead of at the end of the window.
    public func flush() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let threshold = configuration.batchEventThreshold
            let signal = state.withLockedValue { state -> Bool? in
                if state.finished { return nil }
                state.queue.append(.flush(continuation))
                state.flushesQueued += 1
                return state.shouldWake(batchEventThreshold: threshold)
            }
            switch signal {
            case nil: continuation.resume()
            case true?: wake.signal()
            case false?: break
            }
        }
    }

    /// Writes everything still queued and stops the thread; later calls are counted as dropped.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let threshold = configuration.batchEventThreshold
            let signal = state.withLockedValue { state -> Bool? in
                if state.finished { return nil }
                state.closing = true
                state.closeWaiters.append(continuation)
                return state.shouldWake(batchEventThreshold: threshold)
            }
            switch signal {
            case nil: continuation.resume()
            case true?: wake.signal()
            case false?: break
            }
        }
    }

    /// Counters so far (written, dropped, errors).
    public var statistics: RecorderStatistics {
        state.withLockedValue { $0.statistics }
    }

    /// Runs `feed` on the recorder thread at the start of every pass, before the pass takes the queue, so a producer
    /// whose work must leave the event loop (the capture proxy's parsing and assembling) shares this recorder's one
    /// thread, wake-up and transaction; its calls to this recorder land in the same pass. `window` becomes the
    /// shortest time between two passes. The producer calls `feederHasWork()` when it has something new.
    package func attachFeeder(window: Duration, _ feed: @escaping @Sendable () -> Void) {
        state.withLockedValue { state in
            state.feeders.append(feed)
            state.window = window
        }
    }

    /// Called by a feeder during its pass: once what is queued now is written, the feeders run again in the same
    /// pass (a feeder holding work back until its input is on disk, such as a large event's assembly).
    package func feedAgainAfterWrite() {
        state.withLockedValue { $0.feedAfterWrite = true }
    }

    /// Tells the thread that a feeder has work: an idle thread starts a pass at once, a thread within its window
    /// takes it at the window's end. Cheap enough for an event loop (one uncontended lock).
    package func feederHasWork() {
        let threshold = configuration.batchEventThreshold
        let signal = state.withLockedValue { state -> Bool in
            state.feederWork = true
            return state.shouldWake(batchEventThreshold: threshold)
        }
        if signal { wake.signal() }
    }

    /// Tells the thread that a feeder's queue is filling faster than one pass per window takes it: the next pass
    /// starts now (a fast upstream's body would otherwise pass the feeder's byte cap within one window).
    package func feederIsFilling() {
        let threshold = configuration.batchEventThreshold
        let signal = state.withLockedValue { state -> Bool in
            state.feederWork = true
            state.feederFilling = true
            return state.shouldWake(batchEventThreshold: threshold)
        }
        if signal { wake.signal() }
    }

    /// Runs `body` with passes started as soon as there is work (no window), e.g. while waiting for running
    /// exchanges to be applied before a flush or a close.
    package func expedited(_ body: () async -> Void) async {
        let threshold = configuration.batchEventThreshold
        let signal = state.withLockedValue { state -> Bool in
            state.expedited += 1
            return state.shouldWake(batchEventThreshold: threshold)
        }
        if signal { wake.signal() }
        await body()
        state.withLockedValue { $0.expedited -= 1 }
    }

    /// What queued events hold in memory, as counted against `maxQueuedBytes`.
    static func byteSize(_ events: [RecordedEvent]) -> Int {
        events.reduce(0) { $0 + $1.data.utf8.count + $1.raw.count + $1.type.utf8.count }
    }

    private func enqueue(_ operation: Operation, events: Int, bytes: Int, exchangeID: String) {
        let configuration = self.configuration
        let signal = state.withLockedValue { state -> Bool in
            if state.closing || state.finished {
                state.statistics.droppedEvents += events
                if events == 0 {
                    state.statistics.writeErrors += 1
                    state.statistics.lastError = "a recorder call arrived after close() for exchange \(exchangeID)"
                }
                return false
            }
            if events > 0
                && (state.queuedEvents + events > configuration.maxQueuedEvents
                    || state.queuedBytes + bytes > configuration.maxQueuedBytes)
            {
                state.pendingDrops[exchangeID, default: 0] += events
                state.statistics.droppedEvents += events
                return false
            }
            state.queue.append(operation)
            state.queuedEvents += events
            state.queuedBytes += bytes
            return state.shouldWake(batchEventThreshold: configuration.batchEventThreshold)
        }
        if signal { wake.signal() }
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

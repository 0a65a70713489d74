import Dispatch
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import TapedeckCore
import TapedeckStore

/// Records exchanges into a store: the event loops queue each exchange's steps (`CaptureQueue`), and the store's
/// `ExchangeRecorder` thread parses and assembles them and writes the result in the same pass, one wake-up and one
/// transaction per flush window across every exchange.
public final class StoreCaptureRecorder: CaptureRecorder {
    /// The store's batched writer, whose thread also does this recorder's parsing.
    public let exchangeRecorder: ExchangeRecorder
    private let redactor: HeaderRedactor
    private let pending = DispatchGroup()
    private let queue: CaptureQueue

    /// Default cap on body bytes waiting for the recorder thread (`record --max-queue-bytes`).
    public static let defaultMaxQueueBytes = 64 << 20
    /// Default flush window: the recorder thread wakes at most this often, and an event is on disk within this
    /// window plus one transaction of its arrival, which is what a `kill -9` can lose.
    public static let defaultFlushWindow: TimeInterval = 0.100

    /// Creates a recorder; `onFinish` sees each final summary once it is queued for the store. At most
    /// `maxQueueBytes` of body bytes wait for the recorder thread; past that an exchange's recording degrades.
    /// `flushWindow` becomes `exchangeRecorder`'s pass window.
    public init(
        exchangeRecorder: ExchangeRecorder, redactor: HeaderRedactor = HeaderRedactor(),
        maxQueueBytes: Int = StoreCaptureRecorder.defaultMaxQueueBytes,
        flushWindow: TimeInterval = StoreCaptureRecorder.defaultFlushWindow,
        onFinish: (@Sendable (ExchangeSummary) -> Void)? = nil
    ) {
        self.exchangeRecorder = exchangeRecorder
        self.redactor = redactor
        let pending = self.pending
        let queue = CaptureQueue(
            maxQueueBytes: maxQueueBytes, hasWork: { [weak exchangeRecorder] in exchangeRecorder?.feederHasWork() },
            isFilling: { [weak exchangeRecorder] in exchangeRecorder?.feederIsFilling() })
        self.queue = queue
        // Only the recorder thread touches the appliers (its passes run one at a time); the lock is taken once per
        // stretch and never contended.
        let appliers = NIOLockedValueBox(Appliers())
        let finished: @Sendable (ExchangeSummary) -> Void = { summary in
            onFinish?(summary)
            pending.leave()
        }
        exchangeRecorder.attachFeeder(window: .nanoseconds(Int64(flushWindow * 1e9))) {
            // What waited for the last write goes first, so each exchange's steps stay in order.
            appliers.withLockedValue { $0.resumeWaiting(finished: finished) }
            queue.drain { steps in
                appliers.withLockedValue { appliers in
                    appliers.apply(steps, redactor: redactor, recorder: exchangeRecorder, finished: finished)
                }
            }
            if appliers.withLockedValue({ !$0.waiting.isEmpty }) { exchangeRecorder.feedAgainAfterWrite() }
        }
    }

    /// The recorder thread's open exchanges, and those whose large event waits for the store's next write.
    private struct Appliers {
        var byKey: [Int: ExchangeApplier] = [:]
        var waiting = Set<Int>()

        /// Applies one stretch of steps in order, then hands each touched exchange's events to the store in one
        /// call.
        mutating func apply(
            _ steps: [(key: Int, step: ExchangeStep)], redactor: HeaderRedactor, recorder: ExchangeRecorder,
            finished: (ExchangeSummary) -> Void
        ) {
            var touched = Set<Int>()
            for (key, step) in steps {
                if case .begin(let id, let start) = step {
                    byKey[key] = ExchangeApplier(id: id, start: start, redactor: redactor, recorder: recorder)
                    continue
                }
                // By index: `byKey[key] != nil` would copy the applier (its parser, assembler and events) per step.
                guard byKey.index(forKey: key) != nil else { continue }
                touched.insert(key)
                if let summary = byKey[key]?.apply(step) {
                    byKey[key] = nil
                    finished(summary)
                }
            }
            handOver(touched)
        }

        /// Resumes every exchange that waited for the write that just happened.
        mutating func resumeWaiting(finished: (ExchangeSummary) -> Void) {
            guard !waiting.isEmpty else { return }
            let resumed = waiting
            waiting = []
            for key in resumed {
                if let summary = byKey[key]?.resume() {
                    byKey[key] = nil
                    finished(summary)
                }
            }
            handOver(resumed)
        }

        /// Hands each exchange's gathered events to the store, and notes those now waiting for its write.
        private mutating func handOver(_ keys: Set<Int>) {
            for key in keys {
                guard let index = byKey.index(forKey: key) else { continue }
                byKey.values[index].appendEvents()
                if byKey.values[index].isWaitingForWrite { waiting.insert(key) }
            }
        }
    }

    /// Body bytes waiting for the recorder thread now.
    public var queuedBytes: Int { queue.queuedBytes }

    public func beginExchange(_ start: ExchangeStart) -> any ExchangeRecording {
        pending.enter()
        let key = queue.makeKey()
        queue.submit(.begin(id: ShortID.generate(), start: start), key: key)
        return StoreExchangeRecording(key: key, queue: queue)
    }

    /// Returns once every exchange begun so far has finished and its records are queued for the store; until then
    /// the recorder applies steps as they come instead of once per window.
    public func drain() async {
        let pending = self.pending
        await exchangeRecorder.expedited {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                pending.notify(queue: .global()) { continuation.resume() }
            }
        }
    }

    /// Waits for running exchanges, then commits everything queued (the store stays open).
    public func flush() async {
        await drain()
        await exchangeRecorder.flush()
    }
}

/// One exchange's handle on the event loop: every call queues a step on the `CaptureQueue` and returns at once.
struct StoreExchangeRecording: ExchangeRecording {
    let key: Int
    let queue: CaptureQueue

    func requestEnd() {
        queue.submit(.requestEnd, key: key)
    }

    func requestBody(_ buffer: ByteBuffer) {
        queue.submit(.requestBody(buffer), key: key)
    }

    func responseHead(status: Int, headers: [HeaderField], atNanos: Int64) {
        queue.submit(.responseHead(status: status, headers: headers, atNanos: atNanos), key: key)
    }

    func responseBody(_ buffer: ByteBuffer, atNanos: Int64) {
        queue.submit(.responseBody(buffer, atNanos: atNanos), key: key)
    }

    func finish(_ ending: OutcomeClassifier.Ending, atNanos: Int64, detail: String?, losses: [RecordingLoss]) {
        queue.submit(.finish(ending, atNanos: atNanos, detail: detail, losses: losses), key: key)
    }
}

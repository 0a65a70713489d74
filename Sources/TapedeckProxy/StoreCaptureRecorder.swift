import Dispatch
import Foundation
import NIOCore
import TapedeckCore
import TapedeckStore

/// Records exchanges into a `TapedeckStore`: exchanges parse and assemble off the event loop, in coalesced batches
/// on the `CaptureDrainer`'s low-priority thread, and hand events to the store's batched `ExchangeRecorder`.
public final class StoreCaptureRecorder: CaptureRecorder {
    /// The store's batched writer.
    public let exchangeRecorder: ExchangeRecorder
    private let redactor: HeaderRedactor
    private let pending = DispatchGroup()
    private let drainer: CaptureDrainer

    /// Default cap on body bytes waiting for the recorder thread (`record --max-queue-bytes`).
    public static let defaultMaxQueueBytes = 64 << 20
    /// Default flush window: the recorder thread wakes at most this often; with the store's batch delay (20 ms)
    /// an event is on disk within about 70 ms, which is what a `kill -9` can lose.
    public static let defaultFlushWindow: TimeInterval = 0.050

    /// Creates a recorder; `onFinish` sees each final summary once it is queued for the store. At most
    /// `maxQueueBytes` of body bytes wait for the recorder thread; past that an exchange's recording degrades.
    public init(
        exchangeRecorder: ExchangeRecorder, redactor: HeaderRedactor = HeaderRedactor(),
        maxQueueBytes: Int = StoreCaptureRecorder.defaultMaxQueueBytes,
        flushWindow: TimeInterval = StoreCaptureRecorder.defaultFlushWindow,
        onFinish: (@Sendable (ExchangeSummary) -> Void)? = nil
    ) {
        self.exchangeRecorder = exchangeRecorder
        self.redactor = redactor
        let pending = self.pending
        // The appliers are the drainer thread's alone: created, used and dropped there, never shared.
        let appliers = DrainerOwned<[Int: ExchangeApplier]>([:])
        drainer = CaptureDrainer(maxQueueBytes: maxQueueBytes, flushWindow: flushWindow) { steps in
            appliers.mutate { appliers in
                var touched = Set<Int>()
                for (key, step) in steps {
                    if case .begin(let id, let start) = step {
                        appliers[key] = ExchangeApplier(
                            id: id, start: start, redactor: redactor, recorder: exchangeRecorder)
                        continue
                    }
                    guard let applier = appliers[key] else { continue }
                    touched.insert(key)
                    if let summary = applier.apply(step) {
                        appliers[key] = nil
                        onFinish?(summary)
                        pending.leave()
                    }
                }
                for key in touched { appliers[key]?.appendEvents() }
            }
        }
    }

    /// Body bytes waiting for the recorder thread now.
    public var queuedBytes: Int { drainer.queuedBytes }

    public func beginExchange(_ start: ExchangeStart) -> any ExchangeRecording {
        pending.enter()
        let key = drainer.makeKey()
        drainer.submit(.begin(id: ShortID.generate(), start: start), key: key)
        return StoreExchangeRecording(key: key, drainer: drainer)
    }

    /// Returns once every exchange begun so far has finished and its records are queued for the store.
    public func drain() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            pending.notify(queue: .global()) { continuation.resume() }
        }
    }

    /// Waits for running exchanges, then commits everything queued (the store stays open).
    public func flush() async {
        await drain()
        await exchangeRecorder.flush()
    }
}

/// One exchange's handle on the event loop: every call queues a step on the `CaptureDrainer` and returns at once.
struct StoreExchangeRecording: ExchangeRecording {
    let key: Int
    let drainer: CaptureDrainer

    func requestEnd() {
        drainer.submit(.requestEnd, key: key)
    }

    func requestBody(_ buffer: ByteBuffer) {
        drainer.submit(.requestBody(buffer), key: key)
    }

    func responseHead(status: Int, headers: [HeaderField], atNanos: Int64) {
        drainer.submit(.responseHead(status: status, headers: headers, atNanos: atNanos), key: key)
    }

    func responseBody(_ buffer: ByteBuffer, atNanos: Int64) {
        drainer.submit(.responseBody(buffer, atNanos: atNanos), key: key)
    }

    func finish(_ ending: OutcomeClassifier.Ending, atNanos: Int64, detail: String?, losses: [RecordingLoss]) {
        drainer.submit(.finish(ending, atNanos: atNanos, detail: detail, losses: losses), key: key)
    }
}

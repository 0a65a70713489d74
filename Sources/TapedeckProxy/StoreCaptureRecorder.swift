import Dispatch
import Foundation
import NIOCore
import TapedeckCore
import TapedeckStore

/// Records exchanges into a `TapedeckStore`: exchanges parse and assemble off the event loop, in bursts on the
/// `CaptureDrainer`'s low-priority thread, and hand events to the store's batched `ExchangeRecorder`.
public final class StoreCaptureRecorder: CaptureRecorder, @unchecked Sendable {
    /// The store's batched writer.
    public let exchangeRecorder: ExchangeRecorder
    private let redactor: HeaderRedactor
    private let onFinish: (@Sendable (ExchangeSummary) -> Void)?
    private let pending = DispatchGroup()
    private let drainer = CaptureDrainer()

    /// Creates a recorder; `onFinish` sees each final summary once it is queued for the store.
    public init(
        exchangeRecorder: ExchangeRecorder, redactor: HeaderRedactor = HeaderRedactor(),
        onFinish: (@Sendable (ExchangeSummary) -> Void)? = nil
    ) {
        self.exchangeRecorder = exchangeRecorder
        self.redactor = redactor
        self.onFinish = onFinish
    }

    public func beginExchange(_ start: ExchangeStart) -> any ExchangeRecording {
        pending.enter()
        return StoreExchangeRecording(
            id: ShortID.generate(), start: start, redactor: redactor, recorder: exchangeRecorder, drainer: drainer,
            pending: pending, onFinish: onFinish)
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

/// One exchange's handle: every call queues a step on the `CaptureDrainer` and returns at once; the drainer applies
/// all steps queued so far in one go (one `ExchangeRecorder.append` for the events of all body parts applied together).
/// `@unchecked Sendable`: `steps` and `isReady` are guarded by the drainer's lock; the rest is only touched by the
/// drainer thread.
final class StoreExchangeRecording: ExchangeRecording, @unchecked Sendable {
    private let drainer: CaptureDrainer
    private let recorder: ExchangeRecorder
    private let pending: DispatchGroup
    private let onFinish: (@Sendable (ExchangeSummary) -> Void)?
    private var steps: [ExchangeStep] = []
    private var isReady = false
    private var taken: [ExchangeStep] = []
    private var events: [RecordedEvent] = []
    private var state: CaptureExchange
    private var finished = false
    private var begun = false

    init(
        id: String, start: ExchangeStart, redactor: HeaderRedactor, recorder: ExchangeRecorder,
        drainer: CaptureDrainer, pending: DispatchGroup, onFinish: (@Sendable (ExchangeSummary) -> Void)?
    ) {
        self.drainer = drainer
        self.recorder = recorder
        self.pending = pending
        self.onFinish = onFinish
        state = CaptureExchange(id: id, start: start, redactor: redactor)
    }

    func requestEnd() {
        drainer.submit(.requestEnd, to: self)
    }

    func requestBody(_ buffer: ByteBuffer) {
        drainer.submit(.requestBody(buffer), to: self)
    }

    func responseHead(status: Int, headers: [HeaderField], atNanos: Int64) {
        drainer.submit(.responseHead(status: status, headers: headers, atNanos: atNanos), to: self)
    }

    func responseBody(_ buffer: ByteBuffer, atNanos: Int64) {
        drainer.submit(.responseBody(buffer, atNanos: atNanos), to: self)
    }

    func finish(_ ending: OutcomeClassifier.Ending, atNanos: Int64, detail: String?) {
        drainer.submit(.finish(ending, atNanos: atNanos, detail: detail), to: self)
    }

    /// Queues a step (drainer lock held); returns true when the exchange was not yet on the drainer's ready list.
    func queueLocked(_ step: ExchangeStep) -> Bool {
        steps.append(step)
        guard !isReady else { return false }
        isReady = true
        return true
    }

    /// Takes the queued steps for `applyTaken()` (drainer lock held).
    func takeLocked() {
        swap(&steps, &taken)
        isReady = false
    }

    /// Applies the taken steps in order (drainer thread).
    func applyTaken() {
        for step in taken { apply(step) }
        taken.removeAll(keepingCapacity: true)
        appendEvents()
    }

    private func apply(_ step: ExchangeStep) {
        switch step {
        case .requestBody(let buffer):
            state.requestBody(buffer.readableBytesView)
        case .requestEnd:
            beginIfNeeded()
        case .responseHead(let status, let headers, let atNanos):
            beginIfNeeded()
            appendEvents()
            recorder.update(state.responseHead(status: status, headers: headers, atNanos: atNanos))
        case .responseBody(let buffer, let atNanos):
            beginIfNeeded()
            let (parsed, update) = state.responseBody(buffer.readableBytesView, atNanos: atNanos)
            if let update {
                appendEvents()
                recorder.update(update)
            }
            if events.isEmpty { events = parsed } else { events.append(contentsOf: parsed) }
        case .finish(let ending, let atNanos, let detail):
            guard !finished else { return }
            finished = true
            beginIfNeeded()
            appendEvents()
            let result = state.finish(ending, atNanos: atNanos, detail: detail)
            recorder.finish(
                result.summary, trailing: result.trailing, trailingOffsetNanos: result.trailingOffsetNanos,
                answer: result.answer)
            onFinish?(result.summary)
            pending.leave()
        }
    }

    /// Hands the events gathered so far to the store in one call.
    private func appendEvents() {
        guard !events.isEmpty else { return }
        recorder.append(exchangeID: state.summary.id, events: events)
        events = []
    }

    /// Writes the exchange row once, when the request body is known (the store links retries by body).
    private func beginIfNeeded() {
        guard !begun else { return }
        begun = true
        recorder.begin(state.summary)
    }
}

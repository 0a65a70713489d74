import Dispatch
import NIOCore
import TapedeckCore
import TapedeckStore

/// Records exchanges into a `TapedeckStore`: each session parses and assembles on its own serial queue,
/// off the event loop, and hands events to the store's batched `SessionRecorder`.
public final class StoreCaptureRecorder: CaptureRecorder, @unchecked Sendable {
    /// The store's batched writer.
    public let sessionRecorder: SessionRecorder
    private let redactor: HeaderRedactor
    private let onFinish: (@Sendable (SessionSummary) -> Void)?
    private let pending = DispatchGroup()
    private let workers = DispatchQueue(label: "tapedeck.capture", qos: .utility, attributes: .concurrent)

    /// Creates a recorder; `onFinish` sees each final summary once it is queued for the store.
    public init(
        sessionRecorder: SessionRecorder, redactor: HeaderRedactor = HeaderRedactor(),
        onFinish: (@Sendable (SessionSummary) -> Void)? = nil
    ) {
        self.sessionRecorder = sessionRecorder
        self.redactor = redactor
        self.onFinish = onFinish
    }

    public func beginExchange(_ start: ExchangeStart) -> any ExchangeRecording {
        pending.enter()
        let queue = DispatchQueue(label: "tapedeck.session", target: workers)
        return StoreExchangeRecording(
            id: SessionID.generate(), start: start, redactor: redactor, recorder: sessionRecorder, queue: queue,
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
        await sessionRecorder.flush()
    }
}

/// One session's handle: every call hops to the session's serial queue and returns at once.
/// `@unchecked Sendable`: `state` is only touched on `queue`.
final class StoreExchangeRecording: ExchangeRecording, @unchecked Sendable {
    private let queue: DispatchQueue
    private let recorder: SessionRecorder
    private let pending: DispatchGroup
    private let onFinish: (@Sendable (SessionSummary) -> Void)?
    private var state: CaptureSession
    private var finished = false
    private var begun = false

    init(
        id: String, start: ExchangeStart, redactor: HeaderRedactor, recorder: SessionRecorder, queue: DispatchQueue,
        pending: DispatchGroup, onFinish: (@Sendable (SessionSummary) -> Void)?
    ) {
        self.queue = queue
        self.recorder = recorder
        self.pending = pending
        self.onFinish = onFinish
        state = CaptureSession(id: id, start: start, redactor: redactor)
    }

    /// Writes the session row once, when the request body is known (the store links retries by body).
    private func beginIfNeeded() {
        guard !begun else { return }
        begun = true
        recorder.begin(state.summary)
    }

    func requestEnd() {
        queue.async { [self] in beginIfNeeded() }
    }

    func requestBody(_ buffer: ByteBuffer) {
        queue.async { [self] in state.requestBody(buffer.readableBytesView) }
    }

    func responseHead(status: Int, headers: [HeaderField], atNanos: Int64) {
        queue.async { [self] in
            beginIfNeeded()
            recorder.update(state.responseHead(status: status, headers: headers, atNanos: atNanos))
        }
    }

    func responseBody(_ buffer: ByteBuffer, atNanos: Int64) {
        queue.async { [self] in
            beginIfNeeded()
            let (events, update) = state.responseBody(buffer.readableBytesView, atNanos: atNanos)
            if let update { recorder.update(update) }
            recorder.append(sessionID: state.summary.id, events: events)
        }
    }

    func finish(_ ending: OutcomeClassifier.Ending, atNanos: Int64, detail: String?) {
        queue.async { [self] in
            guard !finished else { return }
            finished = true
            beginIfNeeded()
            let result = state.finish(ending, atNanos: atNanos, detail: detail)
            recorder.finish(result.summary, trailing: result.trailing, trailingOffsetNanos: result.trailingOffsetNanos)
            onFinish?(result.summary)
            pending.leave()
        }
    }
}

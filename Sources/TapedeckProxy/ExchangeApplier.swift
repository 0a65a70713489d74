import NIOCore
import TapedeckCore
import TapedeckStore

/// The recorder-thread side of one exchange: applies its steps in order to a `CaptureExchange` and hands rows and
/// events to the store's `ExchangeRecorder` (the events of one batch in one `append`), which writes them in the
/// same pass. Created, used and dropped on the recorder thread.
struct ExchangeApplier {
    private let recorder: ExchangeRecorder
    private var state: CaptureExchange
    private var events: [RecordedEvent] = []
    private var begun = false
    /// Steps that came while a large event waited for the store: applied in order by `resume()`.
    private var postponed: [ExchangeStep] = []

    init(id: String, start: ExchangeStart, redactor: HeaderRedactor, recorder: ExchangeRecorder) {
        self.recorder = recorder
        state = CaptureExchange(id: id, start: start, redactor: redactor)
    }

    /// Applies one step; returns the final summary when the step finished the exchange.
    mutating func apply(_ step: ExchangeStep) -> ExchangeSummary? {
        if state.isHoldingAssembly {
            postponed.append(step)
            return nil
        }
        switch step {
        case .begin:
            return nil
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
        case .finish(let ending, let atNanos, let detail, let losses):
            beginIfNeeded()
            appendEvents()
            var result = state.finish(ending, atNanos: atNanos, detail: detail)
            for loss in losses { loss.record(in: &result.summary) }
            recorder.finish(
                result.summary, trailing: result.trailing, trailingOffsetNanos: result.trailingOffsetNanos,
                answer: result.answer)
            return result.summary
        }
        return nil
    }

    /// Whether a large event waits to be assembled until the store has written it (then call `resume()`).
    var isWaitingForWrite: Bool { state.isHoldingAssembly }

    /// Once the store has written what was handed to it: assembles the held events and applies the steps
    /// postponed meanwhile, in order (until another large event holds the rest); returns the final summary when
    /// one of them finished the exchange.
    mutating func resume() -> ExchangeSummary? {
        if let update = state.assembleHeld() {
            appendEvents()
            recorder.update(update)
        }
        let steps = postponed
        postponed = []
        var finished: ExchangeSummary?
        for step in steps {
            if let summary = apply(step) { finished = summary }
        }
        return finished
    }

    /// Hands the events gathered so far to the store in one call.
    mutating func appendEvents() {
        guard !events.isEmpty else { return }
        recorder.append(exchangeID: state.summary.id, events: events)
        events = []
    }

    /// Writes the exchange row once, when the request body is known (the store links retries by body).
    private mutating func beginIfNeeded() {
        guard !begun else { return }
        begun = true
        recorder.begin(state.summary)
    }
}

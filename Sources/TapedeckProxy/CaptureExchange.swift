import TapedeckCore

/// The recording of one exchange as a value: bytes in, `RecordedEvent`s and a `ExchangeSummary` out.
/// Pure (no I/O, no clock), so the store adapter stays thin and this logic is testable on its own.
struct CaptureExchange {
    /// The exchange row as known so far.
    private(set) var summary: ExchangeSummary
    private var parser = SSEParser()
    private var assembler = MessageAssembler()
    private var nextSequence = 0
    private var bodyBytes: [UInt8] = []
    private var lastArrival: Int64?
    private let redactor: HeaderRedactor

    /// Starts an exchange with a fresh id.
    init(id: String, start: ExchangeStart, redactor: HeaderRedactor) {
        self.redactor = redactor
        summary = ExchangeSummary(
            id: id, startedAtNanos: start.startedAtNanos, method: start.method, path: start.path,
            query: start.query, requestHeaders: start.requestHeaders)
    }

    /// The assembled message so far (for tests and diagnostics).
    var message: AssembledMessage { assembler.message }

    /// Adds a part of the request body.
    mutating func requestBody(_ bytes: some Collection<UInt8>) {
        summary.requestBody.append(contentsOf: bytes)
    }

    /// Records the response head; returns the summary to publish.
    mutating func responseHead(status: Int, headers: [HeaderField], atNanos: Int64) -> ExchangeSummary {
        summary.status = status
        summary.responseHeaders = redactor.redact(headers)
        summary.isStreaming = headers.contains { field in
            field.name.lowercased() == "content-type" && field.value.lowercased().hasPrefix("text/event-stream")
        }
        summary.firstByteNanos = atNanos
        if !summary.isStreaming, let length = Self.contentLength(headers) {
            // The body is kept whole (it is stored as one value): one allocation of its size, not a doubling
            // array whose last growth holds the old and the new buffer at once. Untouched capacity (a body that
            // ends early) costs address space, not memory.
            bodyBytes.reserveCapacity(min(length, Self.maxReservedBody))
        }
        if summary.model == nil { summary.model = ExchangeSummary.requestedModel(in: summary.requestBody) }
        return summary
    }

    /// Feeds a part of the response body; returns the events it completed and, when the summary
    /// changed in a way worth publishing early (model known, first content delta), the summary.
    mutating func responseBody(_ bytes: some Collection<UInt8>, atNanos: Int64) -> (
        events: [RecordedEvent], update: ExchangeSummary?
    ) {
        lastArrival = atNanos
        guard summary.isStreaming else {
            bodyBytes.append(contentsOf: bytes)
            return ([], nil)
        }
        let parsed = parser.feed(bytes)
        guard !parsed.isEmpty else { return ([], nil) }
        let hadModel = assembler.message.model != nil
        let hadTTFT = summary.ttftNanos != nil
        var events: [RecordedEvent] = []
        events.reserveCapacity(parsed.count)
        for event in parsed {
            assembler.apply(event)
            events.append(
                RecordedEvent(sequence: nextSequence, offsetNanos: atNanos, type: event.type, payload: event.payload))
            nextSequence += 1
            if summary.ttftNanos == nil && assembler.message.firstContentDeltaEvent != nil {
                summary.ttftNanos = atNanos
            }
        }
        summary.eventCount = nextSequence
        let message = assembler.message
        if let model = message.model { summary.model = model }
        let changed = (!hadModel && message.model != nil) || (!hadTTFT && summary.ttftNanos != nil)
        return (events, changed ? summary : nil)
    }

    /// The most body capacity reserved from a `content-length` up front (a larger body grows as it comes).
    static let maxReservedBody = 256 << 20

    private static func contentLength(_ headers: [HeaderField]) -> Int? {
        guard let field = headers.first(where: { $0.name.lowercased() == "content-length" }),
            let length = Int(field.value.filter { !$0.isWhitespace }), length > 0
        else { return nil }
        return length
    }

    /// Ends the exchange; returns the final summary and the trailing bytes (a cut event, or the whole
    /// body of a non-streaming response) with their arrival time.
    mutating func finish(_ ending: OutcomeClassifier.Ending, atNanos: Int64, detail: String?) -> (
        summary: ExchangeSummary, trailing: [UInt8], trailingOffsetNanos: Int64?, answer: JSONValue?
    ) {
        var trailing: [UInt8] = []
        var answer: JSONValue?
        if summary.isStreaming {
            let fragment = parser.finish()
            assembler.finish(trailing: fragment)
            trailing = fragment?.raw ?? []
            summary.take(assembler.message)
            if !assembler.message.content.isEmpty { answer = assembler.message.messageJSON()["content"] }
        } else {
            trailing = bodyBytes
            // Parsed once for both (a large body's tree is as big as the body).
            let json = bodyBytes.isEmpty ? nil : try? JSONValue.parse(bytes: bodyBytes)
            summary.takeResponseBody(json)
            if summary.status == 200 { answer = json?["content"] }
        }
        if summary.model == nil { summary.model = ExchangeSummary.requestedModel(in: summary.requestBody) }
        summary.eventCount = nextSequence
        summary.durationNanos = atNanos
        summary.outcome = OutcomeClassifier.classify(
            status: summary.status, isStreaming: summary.isStreaming, sawMessageStop: assembler.message.isComplete,
            sawErrorEvent: assembler.message.error != nil, ending: ending)
        if summary.outcome.isFailure, let detail, summary.errorMessage == nil || summary.status == nil {
            summary.note = detail
        }
        if ending == .upstreamUnreachable, summary.errorMessage == nil {
            summary.errorType = "upstream_unreachable"
            summary.errorMessage = detail
        }
        return (summary, trailing, trailing.isEmpty ? nil : lastArrival, answer)
    }
}

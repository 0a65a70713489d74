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
    /// A large event and every event after it, with their arrival, waiting to be assembled until the store has
    /// written them (`assembleHeld()`), so the assembled text is not made while the store holds the event's row.
    private var heldForAssembly: [(event: SSEEvent, atNanos: Int64)] = []

    /// From this many bytes on, an event is assembled only after the store has written it: its bytes, the row
    /// the store builds from them and the text assembled from them then never coexist (issue 11: a 50 MB event
    /// cost three times its size while being stored).
    static let assemblyAfterWriteBytes = 1 << 20

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
            if !heldForAssembly.isEmpty || event.raw.count >= Self.assemblyAfterWriteBytes {
                heldForAssembly.append((event, atNanos))
            } else {
                assemble(event, atNanos: atNanos)
            }
            events.append(
                RecordedEvent(sequence: nextSequence, offsetNanos: atNanos, type: event.type, payload: event.payload))
            nextSequence += 1
        }
        summary.eventCount = nextSequence
        return (events, publishedChange(hadModel: hadModel, hadTTFT: hadTTFT))
    }

    /// Whether events wait for `assembleHeld()`.
    var isHoldingAssembly: Bool { !heldForAssembly.isEmpty }

    /// Assembles the held events (once the store has written them); returns the summary when it changed in a way
    /// worth publishing early.
    mutating func assembleHeld() -> ExchangeSummary? {
        guard !heldForAssembly.isEmpty else { return nil }
        let hadModel = assembler.message.model != nil
        let hadTTFT = summary.ttftNanos != nil
        let held = heldForAssembly
        heldForAssembly = []
        for (event, atNanos) in held { assemble(event, atNanos: atNanos) }
        return publishedChange(hadModel: hadModel, hadTTFT: hadTTFT)
    }

    private mutating func assemble(_ event: SSEEvent, atNanos: Int64) {
        assembler.apply(event)
        if summary.ttftNanos == nil && assembler.message.firstContentDeltaEvent != nil {
            summary.ttftNanos = atNanos
        }
    }

    /// The summary, when the model became known or the first content delta arrived since `hadModel`/`hadTTFT`.
    private mutating func publishedChange(hadModel: Bool, hadTTFT: Bool) -> ExchangeSummary? {
        let model = assembler.message.model
        if let model { summary.model = model }
        let changed = (!hadModel && model != nil) || (!hadTTFT && summary.ttftNanos != nil)
        return changed ? summary : nil
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
            _ = assembleHeld()
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

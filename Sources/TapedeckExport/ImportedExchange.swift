import TapedeckCore

/// One HTTP exchange read from a foreign file (.sse, .har), before it becomes a `RecordedSession`.
///
/// `session(id:)` parses the body into events, assembles them to derive model, stop_reason, usage,
/// error and TTFT, and classifies the outcome exactly as the proxy would have: complete,
/// error_event or upstream_disconnect (a cut stream) for event streams; non_streaming or http_error
/// (by status) otherwise.
public struct ImportedExchange: Sendable, Hashable {
    /// Wall-clock start, nanoseconds since the Unix epoch.
    public var startedAtNanos: Int64
    /// HTTP method.
    public var method: String
    /// Request path without the query.
    public var path: String
    /// Query without "?", or nil.
    public var query: String?
    /// Request headers (secrets are redacted by the importer before they get here).
    public var requestHeaders: [HeaderField]
    /// Request body.
    public var requestBody: [UInt8]
    /// Response status, nil when there was no response.
    public var status: Int?
    /// Response headers.
    public var responseHeaders: [HeaderField]
    /// Whether the response body is an event stream.
    public var isStreaming: Bool
    /// The response body.
    public var responseBody: [UInt8]
    /// How to time the events.
    public var timing: ImportTiming
    /// Where it came from, stored as the session's note ("imported from x.har entry 3").
    public var source: String

    /// Creates an exchange.
    public init(
        startedAtNanos: Int64, method: String = "POST", path: String = "/v1/messages", query: String? = nil,
        requestHeaders: [HeaderField] = [], requestBody: [UInt8] = [], status: Int? = 200,
        responseHeaders: [HeaderField] = [], isStreaming: Bool = true, responseBody: [UInt8],
        timing: ImportTiming = .unknown, source: String
    ) {
        self.startedAtNanos = startedAtNanos
        self.method = method
        self.path = path
        self.query = query
        self.requestHeaders = requestHeaders
        self.requestBody = requestBody
        self.status = status
        self.responseHeaders = responseHeaders
        self.isStreaming = isStreaming
        self.responseBody = responseBody
        self.timing = timing
        self.source = source
    }

    /// The session this exchange becomes, with id `id`.
    public func session(id: String) -> RecordedSession {
        var summary = SessionSummary(
            id: id, startedAtNanos: startedAtNanos, method: method, path: path, query: query,
            requestHeaders: requestHeaders, requestBody: requestBody, status: status,
            responseHeaders: responseHeaders, isStreaming: isStreaming, note: "imported from \(source)")
        summary.model = Self.requestModel(requestBody)
        var end: Int64?
        if case .spread(let firstByte, let endNanos) = timing {
            summary.firstByteNanos = firstByte
            summary.durationNanos = endNanos
            end = endNanos
        }
        guard isStreaming else {
            applyPlainBody(to: &summary)
            return RecordedSession(
                summary: summary, events: [], trailingBytes: responseBody,
                trailingOffsetNanos: responseBody.isEmpty ? nil : (end ?? 0))
        }
        var parser = SSEParser()
        var parsed = parser.feed(responseBody)
        let trailing = parser.finish()
        var assembler = MessageAssembler()
        var events: [RecordedEvent] = []
        events.reserveCapacity(parsed.count)
        for (position, event) in parsed.enumerated() {
            assembler.apply(event)
            let offset = timing.offset(endByte: event.offset + event.raw.count, total: responseBody.count)
            events.append(
                RecordedEvent(
                    sequence: position, offsetNanos: offset, type: event.type, data: event.data, raw: event.raw))
        }
        parsed.removeAll()
        assembler.finish(trailing: trailing)
        let message = assembler.message
        summary.model = message.model ?? summary.model
        summary.stopReason = message.stopReason
        summary.inputTokens = message.usage.inputTokens
        summary.outputTokens = message.usage.outputTokens
        summary.cacheCreationInputTokens = message.usage.cacheCreationInputTokens
        summary.cacheReadInputTokens = message.usage.cacheReadInputTokens
        summary.errorType = message.error?.type
        summary.errorMessage = message.error?.message
        summary.eventCount = events.count
        if case .spread = timing, let index = message.firstContentDeltaEvent, events.indices.contains(index) {
            summary.ttftNanos = events[index].offsetNanos
        }
        summary.outcome = OutcomeClassifier.classify(
            status: status, isStreaming: true, sawMessageStop: message.isComplete, sawErrorEvent: message.error != nil,
            ending: .upstreamFinished)
        let trailingBytes = trailing?.raw ?? []
        return RecordedSession(
            summary: summary, events: events, trailingBytes: trailingBytes,
            trailingOffsetNanos: trailingBytes.isEmpty ? nil : (end ?? 0))
    }

    /// Fills model, stop_reason, usage and error from a JSON (non-streaming) body.
    private func applyPlainBody(to summary: inout SessionSummary) {
        summary.outcome = OutcomeClassifier.classify(
            status: status, isStreaming: false, sawMessageStop: false, sawErrorEvent: false, ending: .upstreamFinished)
        guard let body = try? JSONValue.parse(bytes: responseBody) else { return }
        if let model = body["model"]?.stringValue { summary.model = model }
        summary.stopReason = body["stop_reason"]?.stringValue
        if let usage = body["usage"] {
            summary.inputTokens = usage["input_tokens"]?.intValue
            summary.outputTokens = usage["output_tokens"]?.intValue
            summary.cacheCreationInputTokens = usage["cache_creation_input_tokens"]?.intValue
            summary.cacheReadInputTokens = usage["cache_read_input_tokens"]?.intValue
        }
        if let error = body["error"] {
            summary.errorType = error["type"]?.stringValue
            summary.errorMessage = error["message"]?.stringValue
        }
    }

    /// `model` of a JSON request body, if any.
    static func requestModel(_ body: [UInt8]) -> String? {
        guard !body.isEmpty, let value = try? JSONValue.parse(bytes: body) else { return nil }
        return value["model"]?.stringValue
    }
}

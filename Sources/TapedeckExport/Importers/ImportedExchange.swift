import TapedeckCore

/// One HTTP exchange read from a foreign file (.sse, .har), before it becomes a `RecordedExchange`.
///
/// `exchange(id:)` parses the body into events, assembles them to derive model, stop_reason, usage,
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
    /// Where it came from, stored as the exchange's note ("imported from x.har entry 3").
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

    /// The exchange this exchange becomes, with id `id`.
    public func recorded(id: String) -> RecordedExchange {
        var summary = ExchangeSummary(
            id: id, startedAtNanos: startedAtNanos, method: method, path: path, query: query,
            requestHeaders: requestHeaders, requestBody: requestBody, status: status,
            responseHeaders: responseHeaders, isStreaming: isStreaming, note: "imported from \(source)")
        summary.model = ExchangeSummary.requestedModel(in: requestBody)
        var end: Int64?
        if let (firstByte, endNanos) = timing.bounds {
            summary.firstByteNanos = firstByte
            summary.durationNanos = endNanos
            end = endNanos
        }
        guard isStreaming else {
            summary.outcome = OutcomeClassifier.classify(
                status: status, isStreaming: false, sawMessageStop: false, sawErrorEvent: false,
                ending: .upstreamFinished)
            summary.takeResponseBody(responseBody)
            return RecordedExchange(
                summary: summary, events: [], trailingBytes: responseBody,
                trailingOffsetNanos: responseBody.isEmpty ? nil : (end ?? 0))
        }
        let body = StreamInspection(bytes: responseBody)
        let trailing = body.trailing
        var events: [RecordedEvent] = []
        events.reserveCapacity(body.events.count)
        for (position, event) in body.events.enumerated() {
            let offset = timing.offset(
                event: position, endByte: event.offset + event.raw.count, total: responseBody.count)
            events.append(
                RecordedEvent(
                    sequence: position, offsetNanos: offset, type: event.type, data: event.data, raw: event.raw))
        }
        let message = body.message
        summary.take(message)
        summary.eventCount = events.count
        if timing.bounds != nil, let index = message.firstContentDeltaEvent, events.indices.contains(index) {
            summary.ttftNanos = events[index].offsetNanos
        }
        summary.outcome = OutcomeClassifier.classify(
            status: status, isStreaming: true, sawMessageStop: message.isComplete, sawErrorEvent: message.error != nil,
            ending: .upstreamFinished)
        let trailingBytes = trailing?.raw ?? []
        return RecordedExchange(
            summary: summary, events: events, trailingBytes: trailingBytes,
            trailingOffsetNanos: trailingBytes.isEmpty ? nil : (end ?? 0))
    }
}

import TapedeckCore

/// Redaction applied to every imported header list and query string, so a HAR saved with a live key never
/// puts it on disk; values that are already markers are kept, so re-importing an export changes nothing.
enum ImportRedaction {
    static func redact(_ headers: [HeaderField], redactor: HeaderRedactor = HeaderRedactor()) -> [HeaderField] {
        redactor.redact(headers)
    }

    /// `exchange` with its request and response headers and its query redacted by `redactor`.
    static func redact(_ exchange: RecordedExchange, redactor: HeaderRedactor) -> RecordedExchange {
        var redacted = exchange
        redacted.summary.requestHeaders = redactor.redact(exchange.summary.requestHeaders)
        redacted.summary.responseHeaders = redactor.redact(exchange.summary.responseHeaders)
        redacted.summary.query = redactor.redactQuery(exchange.summary.query)
        return redacted
    }
}

extension HeaderRedactor {
    /// `exchange` with its request and response headers and its query redacted: what every import applies, so a
    /// HAR saved with a live key never puts it on disk (values that are already markers are kept, so re-importing
    /// an export changes nothing).
    public func redact(_ exchange: RecordedExchange) -> RecordedExchange {
        var redacted = exchange
        redacted.summary.requestHeaders = redact(exchange.summary.requestHeaders)
        redacted.summary.responseHeaders = redact(exchange.summary.responseHeaders)
        redacted.summary.query = redactQuery(exchange.summary.query)
        return redacted
    }
}

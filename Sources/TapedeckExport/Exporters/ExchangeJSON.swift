import TapedeckCore

/// JSON shapes shared by `show --json` and `stats --json`: milliseconds as numbers with microsecond
/// precision, absent figures as `null`.
public enum ExchangeJSON {
    /// The summary fields of an exchange (without request/response bodies).
    public static func summary(_ summary: ExchangeSummary) -> JSONObject {
        func number(_ value: Int?) -> JSONValue { value.map { .number(JSONNumber($0)) } ?? .null }
        func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        let request = RequestSummary(summary.requestBody)
        return [
            "id": .string(summary.id),
            "started_at": .string(UTCTimestamp.format(nanos: summary.startedAtNanos, fractionDigits: 3)),
            "method": .string(summary.method),
            "path": .string(summary.path),
            "query": string(summary.query),
            "model": string(summary.model),
            "max_tokens": number(request.maxTokens),
            "message_count": number(request.messageCount),
            "tools": .array(request.toolNames.map(JSONValue.string)),
            "request_headers": .array(
                summary.requestHeaders.map { .object(["name": .string($0.name), "value": .string($0.value)]) }),
            "status": number(summary.status),
            "outcome": .string(summary.outcome.rawValue),
            "stop_reason": string(summary.stopReason),
            "first_byte_ms": millis(summary.firstByteNanos),
            "ttft_ms": millis(summary.ttftNanos),
            "duration_ms": millis(summary.durationNanos),
            "event_count": .number(JSONNumber(summary.eventCount)),
            "dropped_events": .number(JSONNumber(summary.droppedEvents)),
            "input_tokens": number(summary.inputTokens),
            "output_tokens": number(summary.outputTokens),
            "cache_creation_input_tokens": number(summary.cacheCreationInputTokens),
            "cache_read_input_tokens": number(summary.cacheReadInputTokens),
            "error_type": string(summary.errorType),
            "error_message": string(summary.errorMessage),
            "retry_of": string(summary.retryOf),
            "attempt": .number(JSONNumber(summary.attempt)),
            "note": string(summary.note),
        ]
    }

    /// Nanoseconds as milliseconds (3 decimals), or null.
    public static func millis(_ nanos: Int64?) -> JSONValue {
        nanos.map { JSONValue((Double($0) / 1e3).rounded() / 1e3) } ?? .null
    }

    /// A stall as an object, or null.
    public static func stall(_ stall: Stall?) -> JSONValue {
        guard let stall else { return .null }
        return .object([
            "exchange": .string(stall.exchangeID),
            "gap_ms": millis(stall.gapNanos),
            "started_at_ms": millis(stall.startNanos),
            "event_number": stall.endingSequence.map { .number(JSONNumber($0 + 1)) } ?? .null,
            "event": .string(stall.endingEvent),
        ])
    }
}

import TapedeckCore

/// `export --format jsonl`: an exchange as lines of JSON that `import` turns back into the same
/// exchange (see `JSONLFormat` for the layout).
public enum JSONLExporter {
    /// One exchange as JSONL, each line ended by "\n".
    public static func export(_ exchange: RecordedExchange) -> String {
        export([exchange])
    }

    /// Several exchanges in one file, in the given order.
    public static func export(_ exchanges: [RecordedExchange]) -> String {
        var output = ""
        for exchange in exchanges {
            output += header(exchange.summary).serialized() + "\n"
            for event in exchange.events {
                output += eventLine(event, exchangeID: exchange.summary.id).serialized() + "\n"
            }
            if !exchange.trailingBytes.isEmpty || exchange.trailingOffsetNanos != nil {
                let trailing: JSONObject = [
                    "type": .string(JSONLFormat.trailingType),
                    "exchange": .string(exchange.summary.id),
                    "offset_ns": number(exchange.trailingOffsetNanos),
                    "raw_b64": .string(ByteText.base64(exchange.trailingBytes)),
                ]
                output += JSONValue.object(trailing).serialized() + "\n"
            }
        }
        return output
    }

    /// The header line: every `ExchangeSummary` field, nil as `null`, so the importer needs nothing else.
    static func header(_ summary: ExchangeSummary) -> JSONValue {
        var object: JSONObject = [
            "type": .string(JSONLFormat.exchangeType),
            "format": .string(JSONLFormat.formatName),
            "version": .number(JSONNumber(JSONLFormat.version)),
            "id": .string(summary.id),
            "started_at": .string(UTCTimestamp.format(nanos: summary.startedAtNanos)),
            "method": .string(summary.method),
            "path": .string(summary.path),
            "query": string(summary.query),
            "request_headers": headers(summary.requestHeaders),
        ]
        if let text = ByteText.utf8(summary.requestBody) {
            object["request_body"] = .string(text)
        } else {
            object["request_body_b64"] = .string(ByteText.base64(summary.requestBody))
        }
        let rest: [(String, JSONValue)] = [
            ("status", number(summary.status)),
            ("response_headers", headers(summary.responseHeaders)),
            ("is_streaming", .bool(summary.isStreaming)),
            ("model", string(summary.model)),
            ("stop_reason", string(summary.stopReason)),
            ("outcome", .string(summary.outcome.rawValue)),
            ("first_byte_ns", number(summary.firstByteNanos)),
            ("ttft_ns", number(summary.ttftNanos)),
            ("duration_ns", number(summary.durationNanos)),
            ("input_tokens", number(summary.inputTokens)),
            ("output_tokens", number(summary.outputTokens)),
            ("cache_creation_input_tokens", number(summary.cacheCreationInputTokens)),
            ("cache_read_input_tokens", number(summary.cacheReadInputTokens)),
            ("event_count", .number(JSONNumber(summary.eventCount))),
            ("error_type", string(summary.errorType)),
            ("error_message", string(summary.errorMessage)),
            ("retry_of", string(summary.retryOf)),
            ("attempt", .number(JSONNumber(summary.attempt))),
            ("dropped_events", .number(JSONNumber(summary.droppedEvents))),
            ("note", string(summary.note)),
        ]
        for (key, value) in rest { object[key] = value }
        return .object(object)
    }

    static func eventLine(_ event: RecordedEvent, exchangeID: String) -> JSONValue {
        .object([
            "type": .string(JSONLFormat.eventType),
            "exchange": .string(exchangeID),
            "seq": .number(JSONNumber(event.sequence)),
            "offset_ns": .number(JSONNumber(event.offsetNanos)),
            "event": .string(event.type),
            "data": .string(event.data),
            "raw_b64": .string(ByteText.base64(event.raw)),
        ])
    }

    static func headers(_ fields: [HeaderField]) -> JSONValue {
        .array(fields.map { .object(["name": .string($0.name), "value": .string($0.value)]) })
    }

    static func string(_ value: String?) -> JSONValue {
        value.map(JSONValue.string) ?? .null
    }

    static func number<I: BinaryInteger>(_ value: I?) -> JSONValue {
        value.map { .number(JSONNumber($0)) } ?? .null
    }
}

import TapedeckCore

/// `export --format jsonl`: a session as lines of JSON that `import` turns back into the same
/// session (see `JSONLFormat` for the layout).
public enum JSONLExporter {
    /// One session as JSONL, each line ended by "\n".
    public static func export(_ session: RecordedSession) -> String {
        export([session])
    }

    /// Several sessions in one file, in the given order.
    public static func export(_ sessions: [RecordedSession]) -> String {
        var output = ""
        for session in sessions {
            output += header(session.summary).serialized() + "\n"
            for event in session.events {
                output += eventLine(event, sessionID: session.summary.id).serialized() + "\n"
            }
            if !session.trailingBytes.isEmpty || session.trailingOffsetNanos != nil {
                let trailing: JSONObject = [
                    "type": .string(JSONLFormat.trailingType),
                    "session": .string(session.summary.id),
                    "offset_ns": number(session.trailingOffsetNanos),
                    "raw_b64": .string(ByteText.base64(session.trailingBytes)),
                ]
                output += JSONValue.object(trailing).serialized() + "\n"
            }
        }
        return output
    }

    /// The header line: every `SessionSummary` field, nil as `null`, so the importer needs nothing else.
    static func header(_ summary: SessionSummary) -> JSONValue {
        var object: JSONObject = [
            "type": .string(JSONLFormat.sessionType),
            "format": .string(JSONLFormat.formatName),
            "version": .number(Double(JSONLFormat.version)),
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
            ("event_count", .number(Double(summary.eventCount))),
            ("error_type", string(summary.errorType)),
            ("error_message", string(summary.errorMessage)),
            ("retry_of", string(summary.retryOf)),
            ("attempt", .number(Double(summary.attempt))),
            ("dropped_events", .number(Double(summary.droppedEvents))),
            ("note", string(summary.note)),
        ]
        for (key, value) in rest { object[key] = value }
        return .object(object)
    }

    static func eventLine(_ event: RecordedEvent, sessionID: String) -> JSONValue {
        .object([
            "type": .string(JSONLFormat.eventType),
            "session": .string(sessionID),
            "seq": .number(Double(event.sequence)),
            "offset_ns": .number(Double(event.offsetNanos)),
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
        value.map { .number(Double($0)) } ?? .null
    }
}

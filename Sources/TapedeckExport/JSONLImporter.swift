import TapedeckCore

/// Reads tapedeck's own JSONL (see `JSONLFormat`) back into exchanges, exactly as exported.
public enum JSONLImporter {
    /// Every exchange in `bytes`; throws on the first problem, naming `file` and the line.
    public static func parse(_ bytes: [UInt8], file: String) throws(ImportError) -> [RecordedExchange] {
        var exchanges: [RecordedExchange] = []
        var current: RecordedExchange?
        var sawTrailing = false
        var lineNumber = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var content = line[...]
            if content.last == UInt8(ascii: "\r") { content = content.dropLast() }
            if content.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let context = "line \(lineNumber)"
            let value: JSONValue
            do {
                value = try JSONValue.parse(bytes: content)
            } catch {
                throw ImportError(file: file, problem: "\(context): not JSON (\(error.description))")
            }
            let fields = try ObjectFields(value, file: file, context: context)
            let type = try fields.string("type")
            switch type {
            case JSONLFormat.exchangeType:
                if let finished = current { exchanges.append(finished) }
                current = RecordedExchange(summary: try summary(fields), events: [])
                sawTrailing = false
            case JSONLFormat.eventType:
                guard var exchange = current else {
                    throw fields.failure("an event line before any \"exchange\" line; is this a tapedeck jsonl export?")
                }
                guard !sawTrailing else { throw fields.failure("an event line after the exchange's trailing line") }
                try checkExchange(fields, exchange.summary.id)
                let sequence = try fields.int("seq")
                guard sequence == exchange.events.count else {
                    throw fields.failure("event seq \(sequence) out of order (expected \(exchange.events.count))")
                }
                let offset = try fields.optionalInt64("offset_ns") ?? 0
                exchange.events.append(
                    RecordedEvent(
                        sequence: sequence, offsetNanos: offset, type: try fields.string("event"),
                        data: try fields.string("data"), raw: try fields.base64("raw_b64")))
                current = exchange
            case JSONLFormat.trailingType:
                guard var exchange = current else {
                    throw fields.failure("a trailing line before any \"exchange\" line")
                }
                guard !sawTrailing else { throw fields.failure("a second trailing line for one exchange") }
                try checkExchange(fields, exchange.summary.id)
                exchange.trailingBytes = try fields.base64("raw_b64")
                exchange.trailingOffsetNanos = try fields.optionalInt64("offset_ns")
                sawTrailing = true
                current = exchange
            default:
                throw fields.failure("unknown line type \"\(type)\" (expected exchange, event or trailing)")
            }
        }
        if let finished = current { exchanges.append(finished) }
        guard !exchanges.isEmpty else {
            throw ImportError(file: file, problem: "no exchanges in this file (it is empty or has only blank lines)")
        }
        return exchanges
    }

    private static func checkExchange(_ fields: ObjectFields, _ id: String) throws(ImportError) {
        guard let exchange = try fields.optionalString("exchange") else { return }
        guard exchange == id else {
            throw fields.failure("belongs to exchange \"\(exchange)\" but follows the header of \"\(id)\"")
        }
    }

    private static func summary(_ fields: ObjectFields) throws(ImportError) -> ExchangeSummary {
        let format = try fields.optionalString("format")
        if let format, format != JSONLFormat.formatName {
            throw fields.failure("\"format\" is \"\(format)\", not \(JSONLFormat.formatName)")
        }
        if let version = try fields.optionalInt("version"), version > JSONLFormat.version {
            throw fields.failure(
                "written by a newer tapedeck (jsonl version \(version); this build reads up to \(JSONLFormat.version))")
        }
        let id = try fields.string("id")
        guard ShortID.isValidPrefix(id) else {
            throw fields.failure("\"id\" must be lowercase hex, found \"\(id)\"")
        }
        let startedText = try fields.string("started_at")
        guard let started = UTCTimestamp.parse(startedText) else {
            throw fields.failure("\"started_at\" is not an ISO 8601 time: \"\(startedText)\"")
        }
        let outcomeText = try fields.string("outcome")
        guard let outcome = ExchangeOutcome(rawValue: outcomeText) else {
            let known = ExchangeOutcome.allCases.map(\.rawValue).joined(separator: ", ")
            throw fields.failure("unknown outcome \"\(outcomeText)\" (known: \(known))")
        }
        let body: [UInt8]
        if let text = try fields.optionalString("request_body") {
            body = Array(text.utf8)
        } else if fields.optionalValue("request_body_b64") != nil {
            body = try fields.base64("request_body_b64")
        } else {
            body = []
        }
        return ExchangeSummary(
            id: id, startedAtNanos: started, method: try fields.string("method"), path: try fields.string("path"),
            query: try fields.optionalString("query"),
            requestHeaders: ImportRedaction.redact(try fields.headers("request_headers")),
            requestBody: body, status: try fields.optionalInt("status"),
            responseHeaders: ImportRedaction.redact(try fields.headers("response_headers")),
            isStreaming: try fields.bool("is_streaming"),
            model: try fields.optionalString("model"), stopReason: try fields.optionalString("stop_reason"),
            outcome: outcome, firstByteNanos: try fields.optionalInt64("first_byte_ns"),
            ttftNanos: try fields.optionalInt64("ttft_ns"), durationNanos: try fields.optionalInt64("duration_ns"),
            inputTokens: try fields.optionalInt("input_tokens"), outputTokens: try fields.optionalInt("output_tokens"),
            cacheCreationInputTokens: try fields.optionalInt("cache_creation_input_tokens"),
            cacheReadInputTokens: try fields.optionalInt("cache_read_input_tokens"),
            eventCount: try fields.optionalInt("event_count") ?? 0, errorType: try fields.optionalString("error_type"),
            errorMessage: try fields.optionalString("error_message"), retryOf: try fields.optionalString("retry_of"),
            attempt: try fields.optionalInt("attempt") ?? 1,
            droppedEvents: try fields.optionalInt("dropped_events") ?? 0,
            note: try fields.optionalString("note"))
    }
}

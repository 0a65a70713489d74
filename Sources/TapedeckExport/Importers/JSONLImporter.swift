import TapedeckCore

/// Reads tapedeck's own JSONL (see `JSONLFormat`) back into exchanges, exactly as exported.
public enum JSONLImporter {
    /// Every exchange in `bytes`; throws on the first problem, naming `file` and the line.
    public static func parse(_ bytes: [UInt8], file: String) throws(ImportError) -> [RecordedExchange] {
        var exchanges: [RecordedExchange] = []
        var current: RecordedExchange?
        var header = (line: 0, declaredEvents: Int?.none)
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
                if let finished = current {
                    try checkWhole(finished, header: header, file: file)
                    exchanges.append(finished)
                }
                current = RecordedExchange(summary: try summary(fields), events: [])
                header = (lineNumber, try fields.optionalInt("event_count", in: ImportLimits.events))
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
                let offset = try fields.optionalNanos("offset_ns") ?? 0
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
                exchange.trailingOffsetNanos = try fields.optionalNanos("offset_ns")
                sawTrailing = true
                current = exchange
            default:
                throw fields.failure("unknown line type \"\(type)\" (expected exchange, event or trailing)")
            }
        }
        if let finished = current {
            try checkWhole(finished, header: header, file: file)
            exchanges.append(finished)
        }
        guard !exchanges.isEmpty else {
            throw ImportError(file: file, problem: "no exchanges in this file (it is empty or has only blank lines)")
        }
        return exchanges
    }

    /// A file cut at a line boundary is still valid JSONL: the header's `event_count` is the proof that every
    /// event line is there (up to `dropped_events` of them may be missing: the recorder never stored those).
    /// A cut file is refused, not imported short.
    private static func checkWhole(
        _ exchange: RecordedExchange, header: (line: Int, declaredEvents: Int?), file: String
    ) throws(ImportError) {
        // An exchange exported while it was still streaming has a stale count.
        guard let declared = header.declaredEvents, exchange.summary.outcome != .inProgress else { return }
        let dropped = exchange.summary.droppedEvents
        let count = exchange.events.count
        guard count < declared - dropped || count > declared else { return }
        let problem =
            "line \(header.line): exchange \(exchange.summary.id) has \"event_count\": \(declared)"
            + (dropped > 0 ? " (\(dropped) dropped)" : "") + " but \(count) event lines follow it"
            + (count < declared - dropped
                ? "; the file looks cut short, so none of it was imported (export it again)"
                : "; the file is inconsistent, so none of it was imported")
        throw ImportError(file: file, problem: problem)
    }

    private static func checkExchange(_ fields: ObjectFields, _ id: String) throws(ImportError) {
        guard let exchange = try fields.optionalString("exchange") else { return }
        guard exchange == id else {
            throw fields.failure(
                "belongs to exchange \(ImportLimits.quoted(exchange)) but follows the header of \"\(id)\"")
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
        guard ImportLimits.isValidID(id) else {
            throw fields.failure("\"id\" must be 1 to 64 lowercase hex digits, found \(ImportLimits.quoted(id))")
        }
        let retryOf = try fields.optionalString("retry_of")
        if let retryOf, !ImportLimits.isValidID(retryOf) {
            throw fields.failure(
                "\"retry_of\" must be 1 to 64 lowercase hex digits, found \(ImportLimits.quoted(retryOf))")
        }
        let startedText = try fields.string("started_at")
        guard let started = UTCTimestamp.parse(startedText) else {
            throw fields.failure("\"started_at\" is not an ISO 8601 time: \"\(startedText)\"")
        }
        guard ImportLimits.startedAtNanos.contains(started) else {
            throw fields.failure("\"started_at\" \(startedText) is out of range (1970-01-01 to 2200-01-01)")
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
            requestHeaders: HeaderRedactor().redact(try fields.headers("request_headers")),
            requestBody: body, status: try fields.optionalInt("status", in: ImportLimits.status),
            responseHeaders: HeaderRedactor().redact(try fields.headers("response_headers")),
            isStreaming: try fields.bool("is_streaming"),
            model: try fields.optionalString("model"), stopReason: try fields.optionalString("stop_reason"),
            outcome: outcome, firstByteNanos: try fields.optionalNanos("first_byte_ns"),
            ttftNanos: try fields.optionalNanos("ttft_ns"), durationNanos: try fields.optionalNanos("duration_ns"),
            inputTokens: try fields.optionalInt("input_tokens", in: ImportLimits.tokens),
            outputTokens: try fields.optionalInt("output_tokens", in: ImportLimits.tokens),
            cacheCreationInputTokens: try fields.optionalInt("cache_creation_input_tokens", in: ImportLimits.tokens),
            cacheReadInputTokens: try fields.optionalInt("cache_read_input_tokens", in: ImportLimits.tokens),
            eventCount: try fields.optionalInt("event_count", in: ImportLimits.events) ?? 0,
            errorType: try fields.optionalString("error_type"),
            errorMessage: try fields.optionalString("error_message"), retryOf: retryOf,
            attempt: try fields.optionalInt("attempt", in: ImportLimits.attempts) ?? 1,
            droppedEvents: try fields.optionalInt("dropped_events", in: ImportLimits.events) ?? 0,
            note: try fields.optionalString("note"))
    }
}

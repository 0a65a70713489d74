import TapedeckCore

/// Reads tapedeck's own JSONL (see `JSONLFormat`) back into sessions, exactly as exported.
public enum JSONLImporter {
    /// Every session in `bytes`; throws on the first problem, naming `file` and the line.
    public static func parse(_ bytes: [UInt8], file: String) throws(ImportError) -> [RecordedSession] {
        var sessions: [RecordedSession] = []
        var current: RecordedSession?
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
            case JSONLFormat.sessionType:
                if let finished = current { sessions.append(finished) }
                current = RecordedSession(summary: try summary(fields), events: [])
                sawTrailing = false
            case JSONLFormat.eventType:
                guard var session = current else {
                    throw fields.failure("an event line before any \"session\" line; is this a tapedeck jsonl export?")
                }
                guard !sawTrailing else { throw fields.failure("an event line after the session's trailing line") }
                try checkSession(fields, session.summary.id)
                let sequence = try fields.int("seq")
                guard sequence == session.events.count else {
                    throw fields.failure("event seq \(sequence) out of order (expected \(session.events.count))")
                }
                let offset = try fields.optionalInt64("offset_ns") ?? 0
                session.events.append(
                    RecordedEvent(
                        sequence: sequence, offsetNanos: offset, type: try fields.string("event"),
                        data: try fields.string("data"), raw: try fields.base64("raw_b64")))
                current = session
            case JSONLFormat.trailingType:
                guard var session = current else { throw fields.failure("a trailing line before any \"session\" line") }
                guard !sawTrailing else { throw fields.failure("a second trailing line for one session") }
                try checkSession(fields, session.summary.id)
                session.trailingBytes = try fields.base64("raw_b64")
                session.trailingOffsetNanos = try fields.optionalInt64("offset_ns")
                sawTrailing = true
                current = session
            default:
                throw fields.failure("unknown line type \"\(type)\" (expected session, event or trailing)")
            }
        }
        if let finished = current { sessions.append(finished) }
        guard !sessions.isEmpty else {
            throw ImportError(file: file, problem: "no sessions in this file (it is empty or has only blank lines)")
        }
        return sessions
    }

    private static func checkSession(_ fields: ObjectFields, _ id: String) throws(ImportError) {
        guard let session = try fields.optionalString("session") else { return }
        guard session == id else {
            throw fields.failure("belongs to session \"\(session)\" but follows the header of \"\(id)\"")
        }
    }

    private static func summary(_ fields: ObjectFields) throws(ImportError) -> SessionSummary {
        let format = try fields.optionalString("format")
        if let format, format != JSONLFormat.formatName {
            throw fields.failure("\"format\" is \"\(format)\", not \(JSONLFormat.formatName)")
        }
        if let version = try fields.optionalInt("version"), version > JSONLFormat.version {
            throw fields.failure(
                "written by a newer tapedeck (jsonl version \(version); this build reads up to \(JSONLFormat.version))")
        }
        let id = try fields.string("id")
        guard SessionID.isValidPrefix(id) else {
            throw fields.failure("\"id\" must be lowercase hex, found \"\(id)\"")
        }
        let startedText = try fields.string("started_at")
        guard let started = UTCTimestamp.parse(startedText) else {
            throw fields.failure("\"started_at\" is not an ISO 8601 time: \"\(startedText)\"")
        }
        let outcomeText = try fields.string("outcome")
        guard let outcome = SessionOutcome(rawValue: outcomeText) else {
            let known = SessionOutcome.allCases.map(\.rawValue).joined(separator: ", ")
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
        return SessionSummary(
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

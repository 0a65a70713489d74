import TapedeckCore

/// Reads a HAR file (from browser dev tools, mitmproxy, Charles, or `tapedeck export --format har`):
/// every entry whose URL path ends with /v1/messages becomes an exchange, its SSE body parsed into
/// events, each timed by the entry's `_eventSourceMessages` when it has them (`HAREventMessages`), else spread
/// over the entry's timings (see `ImportTiming.spread`). Other entries are skipped.
public enum HARImporter {
    /// Every Anthropic exchange in `bytes`.
    public static func parse(
        _ bytes: [UInt8], file: String, makeID: () -> String = { ShortID.generate() }
    ) throws(ImportError) -> [RecordedExchange] {
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes: bytes)
        } catch {
            throw ImportError(file: file, problem: "not JSON (\(error.description)); expected a HAR file")
        }
        let root = try ObjectFields(document, file: file, context: "the document")
        guard root.optionalValue("log") != nil else {
            throw ImportError(file: file, problem: "no \"log\" object at the top level; this is not a HAR file")
        }
        let log = try root.fields("log")
        let entries = try log.array("entries")
        var exchanges: [RecordedExchange] = []
        for (position, entryValue) in entries.enumerated() {
            let entry = try ObjectFields(entryValue, file: file, context: "entry \(position + 1)")
            let request = try entry.fields("request")
            let (path, query) = splitURL(try request.string("url"))
            guard path.hasSuffix("/v1/messages") else { continue }
            let exchange = try exchange(
                entry, request: request, path: path, query: query, file: file, number: position + 1)
            exchanges.append(exchange.recorded(id: makeID()))
        }
        guard !exchanges.isEmpty else {
            throw ImportError(
                file: file,
                problem: "none of its \(entries.count) entries is a request to /v1/messages; nothing to import")
        }
        return exchanges
    }

    private static func exchange(
        _ entry: ObjectFields, request: ObjectFields, path: String, query: String?, file: String, number: Int
    ) throws(ImportError) -> ImportedExchange {
        let startedText = try entry.string("startedDateTime")
        guard let started = UTCTimestamp.parse(startedText) else {
            throw entry.failure("\"startedDateTime\" is not an ISO 8601 time: \"\(startedText)\"")
        }
        guard ImportLimits.startedAtNanos.contains(started) else {
            throw entry.failure("\"startedDateTime\" \(startedText) is out of range (1970-01-01 to 2200-01-01)")
        }
        let response = try entry.fields("response")
        let content = try response.fields("content")
        var body: [UInt8] = []
        if let text = try content.optionalString("text") {
            if try content.optionalString("encoding") == "base64" {
                guard let decoded = ByteText.fromBase64(text) else {
                    throw content.failure("\"text\" is marked base64 but is not valid base64")
                }
                body = decoded
            } else {
                body = Array(text.utf8)
            }
        }
        let responseHeaders = try response.headers("headers")
        let mime = (try content.optionalString("mimeType")) ?? ""
        let contentType = responseHeaders.first { $0.name.lowercased() == "content-type" }?.value ?? mime
        let statusNumber = try response.int("status")
        guard statusNumber == 0 || ImportLimits.status.contains(statusNumber) else {
            throw response.failure("\"status\" is \(statusNumber), out of range (0 for no response, or 100 to 999)")
        }
        var timing = try timing(entry)
        if let messages = try HAREventMessages.read(entry, startedAtNanos: started) {
            if body.isEmpty { body = HAREventMessages.body(of: messages) }
            timing = try eventTiming(messages, spread: timing, body: body, entry: entry)
        }
        var requestBody: [UInt8] = []
        if let postData = try request.optionalFields("postData"), let text = try postData.optionalString("text") {
            requestBody = Array(text.utf8)
        }
        return ImportedExchange(
            startedAtNanos: started, method: try request.string("method"), path: path, query: query,
            requestHeaders: HeaderRedactor().redact(try request.headers("headers")), requestBody: requestBody,
            status: statusNumber == 0 ? nil : statusNumber, responseHeaders: HeaderRedactor().redact(responseHeaders),
            isStreaming: contentType.lowercased().contains("text/event-stream"), responseBody: body, timing: timing,
            source: "\(file) entry \(number)")
    }

    /// First byte = blocked + dns + connect + send + wait (the non-negative ones; ssl is inside
    /// connect per the spec); end = the entry's `time`.
    private static func timing(_ entry: ObjectFields) throws(ImportError) -> ImportTiming {
        let total = max(try entry.optionalMilliseconds("time") ?? 0, 0)
        var firstByte = 0.0
        if let timings = try entry.optionalFields("timings") {
            for key in ["blocked", "dns", "connect", "send", "wait"] {
                if let value = try timings.optionalMilliseconds(key), value > 0 { firstByte += value }
            }
            guard firstByte <= ImportLimits.maxMilliseconds else {
                throw timings.failure(
                    "blocked + dns + connect + send + wait is \(firstByte) ms, out of range "
                        + "(at most \(Int(ImportLimits.maxMilliseconds)) ms, about 31 years)")
            }
        }
        let firstByteNanos = Int64((min(firstByte, max(total, firstByte)) * 1_000_000).rounded())
        let endNanos = Int64((max(total, firstByte) * 1_000_000).rounded())
        return .spread(firstByteNanos: firstByteNanos, endNanos: endNanos)
    }

    /// The recorded arrival of each event, which must be as many as the body's events; first byte and end as the
    /// timings say, widened to hold every event.
    private static func eventTiming(
        _ messages: [HAREventMessages.Message], spread: ImportTiming, body: [UInt8], entry: ObjectFields
    ) throws(ImportError) -> ImportTiming {
        var parser = SSEParser()
        let count = parser.feed(body).count
        guard count == messages.count else {
            throw entry.failure(
                "\"\(HAREventMessages.field)\" has \(messages.count) messages but the response body has \(count) events"
            )
        }
        var firstByte: Int64 = 0
        var end: Int64 = 0
        if case .spread(let spreadFirstByte, let spreadEnd) = spread {
            firstByte = spreadFirstByte
            end = spreadEnd
        }
        let offsets = messages.map(\.offsetNanos)
        end = max(end, offsets.max() ?? 0)
        return .perEvent(offsets: offsets, firstByteNanos: min(firstByte, offsets.min() ?? firstByte), endNanos: end)
    }

    /// "https://host/v1/messages?beta=true" → ("/v1/messages", "beta=true").
    static func splitURL(_ url: String) -> (path: String, query: String?) {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") {
            rest = rest[scheme.upperBound...]
            rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? "/"
        }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        guard let mark = rest.firstIndex(of: "?") else { return (String(rest), nil) }
        return (String(rest[..<mark]), String(rest[rest.index(after: mark)...]))
    }
}

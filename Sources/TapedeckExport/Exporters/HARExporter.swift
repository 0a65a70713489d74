import TapedeckCore

/// `export --format har`: exchanges as an HTTP Archive 1.2 document that browser dev tools and HAR
/// viewers open. The response content is the SSE body as text; timings come from the recording
/// (send 0 because the proxy does not time the upload, wait = time to first byte, receive = the rest),
/// and each event's arrival time is in the entry's `_eventSourceMessages` (see `HAREventMessages`).
public enum HARExporter {
    /// Where requests went when the recording does not say (the proxy records paths, not the upstream).
    public static let defaultBaseURL = "https://api.anthropic.com"

    /// One exchange as a pretty-printed HAR document.
    public static func export(_ exchange: RecordedExchange, baseURL: String = defaultBaseURL) -> String {
        export([exchange], baseURL: baseURL)
    }

    /// Several exchanges as the entries of one HAR document.
    public static func export(_ exchanges: [RecordedExchange], baseURL: String = defaultBaseURL) -> String {
        document(exchanges, baseURL: baseURL).serialized(pretty: true) + "\n"
    }

    /// The HAR document as a JSON value.
    public static func document(_ exchanges: [RecordedExchange], baseURL: String = defaultBaseURL) -> JSONValue {
        let log: JSONObject = [
            "version": "1.2",
            "creator": .object(["name": "tapedeck", "version": .string(TapedeckVersion.string)]),
            "entries": .array(exchanges.map { entry($0, baseURL: baseURL) }),
        ]
        return .object(["log": .object(log)])
    }

    static func entry(_ exchange: RecordedExchange, baseURL: String) -> JSONValue {
        let summary = exchange.summary
        let wait = milliseconds(summary.firstByteNanos ?? summary.durationNanos ?? 0)
        let total = max(milliseconds(summary.durationNanos ?? 0), wait)
        let receive = max(total - wait, 0)
        var entry: JSONObject = [
            "startedDateTime": .string(HAREventMessages.startedDateTime(summary.startedAtNanos)),
            "time": JSONValue(total),
            "request": request(summary, baseURL: baseURL),
            "response": response(exchange),
            "cache": .object([:]),
            "timings": .object(["send": 0, "wait": JSONValue(wait), "receive": JSONValue(receive)]),
        ]
        if !exchange.events.isEmpty { entry[HAREventMessages.field] = HAREventMessages.messages(exchange) }
        entry["comment"] = .string("tapedeck exchange \(summary.id), outcome \(summary.outcome.rawValue)")
        return .object(entry)
    }

    static func request(_ summary: ExchangeSummary, baseURL: String) -> JSONValue {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        var url = base + summary.path
        if let query = summary.query, !query.isEmpty { url += "?" + query }
        var request: JSONObject = [
            "method": .string(summary.method),
            "url": .string(url),
            "httpVersion": "HTTP/1.1",
            "cookies": .array([]),
            "headers": headers(summary.requestHeaders),
            "queryString": .array(
                queryPairs(summary.query).map { .object(["name": .string($0), "value": .string($1)]) }),
        ]
        if !summary.requestBody.isEmpty {
            let mime = headerValue("content-type", in: summary.requestHeaders) ?? "application/json"
            request["postData"] = .object([
                "mimeType": .string(mime), "text": .string(String(decoding: summary.requestBody, as: UTF8.self)),
            ])
        }
        request["headersSize"] = -1
        request["bodySize"] = .number(JSONNumber(summary.requestBody.count))
        return .object(request)
    }

    static func response(_ exchange: RecordedExchange) -> JSONValue {
        let summary = exchange.summary
        let body = exchange.responseBody
        let fallbackMime = summary.isStreaming ? "text/event-stream" : "application/json"
        var content: JSONObject = [
            "size": .number(JSONNumber(body.count)),
            "mimeType": .string(headerValue("content-type", in: summary.responseHeaders) ?? fallbackMime),
        ]
        if let text = ByteText.utf8(body) {
            content["text"] = .string(text)
        } else {
            content["text"] = .string(ByteText.base64(body))
            content["encoding"] = "base64"
        }
        let status = summary.status ?? 0
        return .object([
            "status": .number(JSONNumber(status)),
            "statusText": .string(summary.status == nil ? "" : HTTPStatusText.phrase(for: status)),
            "httpVersion": "HTTP/1.1",
            "cookies": .array([]),
            "headers": headers(summary.responseHeaders),
            "content": .object(content),
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": .number(JSONNumber(summary.status == nil ? -1 : body.count)),
        ])
    }

    static func headers(_ fields: [HeaderField]) -> JSONValue {
        .array(fields.map { .object(["name": .string($0.name), "value": .string($0.value)]) })
    }

    static func headerValue(_ name: String, in fields: [HeaderField]) -> String? {
        fields.first { $0.name.lowercased() == name }?.value
    }

    /// "a=1&b=x%20y" as decoded (name, value) pairs, as HAR's `queryString` wants them.
    static func queryPairs(_ query: String?) -> [(String, String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = QueryComponent.decoded(parts[0])
            let value = parts.count > 1 ? QueryComponent.decoded(parts[1]) : ""
            return (name, value)
        }
    }

    /// Nanoseconds as milliseconds with microsecond precision (HAR times are milliseconds).
    static func milliseconds(_ nanos: Int64) -> Double {
        (Double(nanos) / 1_000).rounded() / 1_000
    }
}

import TapedeckCore

/// Reads a raw `.sse` body (for example one saved with `curl -N`) as one streaming exchange.
///
/// The request is taken from `NAME.request.json` beside `NAME.sse` when there is one (method POST,
/// path /v1/messages, content-type application/json). A bare body has no timing, so every event is at
/// offset 0 and first byte, TTFT and duration are unknown (see `ImportTiming.unknown`).
public enum SSEImporter {
    /// The exchange in `body`; `requestBody` is the request JSON if one was found.
    public static func parse(
        _ body: [UInt8], file: String, requestBody: [UInt8]? = nil, requestFile: String? = nil,
        startedAtNanos: Int64, id: String = ShortID.generate()
    ) throws(ImportError) -> RecordedExchange {
        guard !body.isEmpty else { throw ImportError(file: file, problem: "the file is empty; expected an SSE body") }
        if let requestBody {
            let name = requestFile ?? file
            let parsed: JSONValue
            do {
                parsed = try JSONValue.parse(bytes: requestBody)
            } catch {
                throw ImportError(file: name, problem: "the request beside \(file) is not JSON (\(error.description))")
            }
            guard case .object = parsed else {
                throw ImportError(file: name, problem: "the request must be a JSON object, found \(parsed.typeName)")
            }
        }
        let exchange = ImportedExchange(
            startedAtNanos: startedAtNanos,
            requestHeaders: requestBody == nil ? [] : [HeaderField(name: "content-type", value: "application/json")],
            requestBody: requestBody ?? [], status: 200,
            responseHeaders: [HeaderField(name: "content-type", value: "text/event-stream")], isStreaming: true,
            responseBody: body, timing: .unknown, source: file)
        let recorded = exchange.recorded(id: id)
        guard !recorded.events.isEmpty else {
            throw ImportError(
                file: file,
                problem:
                    "no SSE events found (no blank-line-terminated `event:`/`data:` block); is this an event stream?")
        }
        return recorded
    }

    /// `x.request.json` for `x.sse`.
    public static func requestPath(forSSE path: String) -> String {
        let base = path.hasSuffix(".sse") ? String(path.dropLast(4)) : path
        return base + ".request.json"
    }
}

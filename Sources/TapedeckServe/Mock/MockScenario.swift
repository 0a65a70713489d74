import TapedeckCore

/// A named way for the mock upstream to answer: a sample stream (timed, chunked, maybe cut), an
/// HTTP error, a trickle or a non-streaming JSON message.
public struct MockScenario: Sendable, Hashable {
    /// The name requests select it by (`x-mock-scenario: NAME`).
    public var name: String
    /// What is sent.
    public var response: ScriptedResponse

    /// Creates a scenario from a ready script.
    public init(name: String, response: ScriptedResponse) {
        self.name = name
        self.response = response
    }

    /// Headers of a streaming answer, as the API sends them (minus rate-limit noise).
    static func streamHeaders(requestID: String) -> [HeaderField] {
        [
            HeaderField(name: "content-type", value: "text/event-stream; charset=utf-8"),
            HeaderField(name: "cache-control", value: "no-cache"),
            HeaderField(name: "request-id", value: requestID),
        ]
    }

    static func requestID(_ name: String) -> String {
        "req_mock_" + String(name.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
    }

    /// Streams a sample's bytes exactly, with the given timing and chunking.
    ///
    /// `ending: .cut` aborts the connection after the last byte; by default truncated samples
    /// (manifest outcome "truncated", e.g. `cut_before_stop`) are cut and the others end cleanly.
    public static func stream(
        _ sample: Sample, name: String? = nil, timing: MockTiming = .instant, chunking: MockChunking = .perEvent,
        ending: ScriptedEnding? = nil
    ) -> MockScenario {
        let name = name ?? sample.name
        let pieces = SSEEventSplitter.split(sample.sse)
        let parts = chunking.parts(pieces: pieces, delays: timing.delays(for: pieces))
        return MockScenario(
            name: name,
            response: ScriptedResponse(
                status: 200, headers: streamHeaders(requestID: requestID(name)), parts: parts,
                ending: ending ?? (sample.isTruncated ? .cut : .clean))
        )
    }

    /// Streams a sample up to (not including) byte `atByte`, then cuts the connection: the
    /// upstream died mid-stream.
    public static func cut(
        _ sample: Sample, atByte: Int, name: String? = nil, timing: MockTiming = .instant,
        chunking: MockChunking = .perEvent
    ) -> MockScenario {
        let prefix = Array(sample.sse.prefix(max(0, atByte)))
        let truncated = Sample(
            name: sample.name, outcome: "truncated", sse: prefix, request: sample.request, expected: sample.expected)
        return stream(
            truncated, name: name ?? "\(sample.name)_cut_at_\(atByte)", timing: timing, chunking: chunking,
            ending: .cut)
    }

    /// Sends a sample slowly: `bytesPerWrite` bytes every `intervalNanos`, like a congested link.
    public static func trickle(
        _ sample: Sample, name: String? = nil, bytesPerWrite: Int = 16, intervalNanos: Int64 = 20_000_000
    ) -> MockScenario {
        let name = name ?? "\(sample.name)_trickle"
        let step = max(1, bytesPerWrite)
        let parts = stride(from: 0, to: sample.sse.count, by: step).map { start in
            ScriptedPart(
                delayNanos: intervalNanos, bytes: Array(sample.sse[start..<min(start + step, sample.sse.count)]))
        }
        return MockScenario(
            name: name,
            response: ScriptedResponse(status: 200, headers: streamHeaders(requestID: requestID(name)), parts: parts)
        )
    }

    /// Answers `"stream": false` style: the sample's final message as one JSON body.
    public static func nonStreaming(_ sample: Sample, name: String? = nil, delayNanos: Int64 = 0) -> MockScenario {
        let name = name ?? "\(sample.name)_json"
        let body =
            sample.expected
            ?? AnthropicErrorBody.bytes(
                type: "api_error", message: "sample \(sample.name) has no expected.json to answer with")
        return MockScenario(
            name: name,
            response: ScriptedResponse(
                status: sample.expected == nil ? 500 : 200,
                headers: [
                    HeaderField(name: "content-type", value: "application/json"),
                    HeaderField(name: "request-id", value: requestID(name)),
                ],
                headDelayNanos: delayNanos,
                parts: [ScriptedPart(bytes: body)]
            )
        )
    }

    /// An HTTP error with an Anthropic-shaped JSON body and, if given, `retry-after` (seconds).
    public static func httpError(
        name: String, status: Int, type: String, message: String, retryAfterSeconds: Int? = nil
    ) -> MockScenario {
        var headers = [
            HeaderField(name: "content-type", value: "application/json"),
            HeaderField(name: "request-id", value: requestID(name)),
        ]
        if let retryAfterSeconds {
            headers.append(HeaderField(name: "retry-after", value: String(retryAfterSeconds)))
        }
        if status == 429 || status >= 500 {
            headers.append(HeaderField(name: "x-should-retry", value: "true"))
        }
        let body = AnthropicErrorBody.bytes(type: type, message: message, requestID: requestID(name))
        return MockScenario(
            name: name, response: ScriptedResponse(status: status, headers: headers, parts: [ScriptedPart(bytes: body)])
        )
    }

    /// HTTP 429 `rate_limit_error`.
    public static func rateLimited(name: String = "rate_limited", retryAfterSeconds: Int = 0) -> MockScenario {
        httpError(
            name: name, status: 429, type: "rate_limit_error",
            message: "Number of request tokens has exceeded your per-minute rate limit.",
            retryAfterSeconds: retryAfterSeconds)
    }

    /// HTTP 529 `overloaded_error`.
    public static func overloaded(name: String = "overloaded", retryAfterSeconds: Int? = 0) -> MockScenario {
        httpError(
            name: name, status: 529, type: "overloaded_error", message: "Overloaded",
            retryAfterSeconds: retryAfterSeconds)
    }
}

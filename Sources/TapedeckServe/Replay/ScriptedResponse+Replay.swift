import TapedeckCore

extension ScriptedResponse {
    /// Outcomes whose response was broken off: re-served cut, so the client fails the same way.
    static let cutOutcomes: Set<ExchangeOutcome> = [
        .upstreamDisconnect, .timeout, .interrupted, .clientDisconnect, .inProgress,
    ]

    /// The script that re-serves a recorded exchange: same status, headers and bytes, each event at
    /// its recorded offset from the request start (events already due sent together), cut where the recording was cut.
    public init(replaying exchange: RecordedExchange) {
        let summary = exchange.summary
        guard let status = summary.status else {
            // Nothing ever came back (unreachable upstream): answer as a gateway would.
            let message =
                "tapedeck serve: the recorded request never reached the API (\(summary.errorMessage ?? summary.outcome.rawValue))"
            self.init(
                status: 502, headers: [HeaderField(name: "content-type", value: "application/json")],
                headDelayNanos: max(0, summary.durationNanos ?? 0),
                parts: [ScriptedPart(bytes: AnthropicErrorBody.bytes(type: "api_error", message: message))])
            return
        }
        let headDelay = max(0, summary.firstByteNanos ?? exchange.events.first?.offsetNanos ?? 0)
        var parts: [ScriptedPart] = []
        var clock = headDelay
        for event in exchange.events {
            let at = max(clock, event.offsetNanos)
            parts.append(ScriptedPart(delayNanos: at - clock, bytes: event.raw))
            clock = at
        }
        if !exchange.trailingBytes.isEmpty {
            let at = max(clock, exchange.trailingOffsetNanos ?? clock)
            if exchange.events.isEmpty && !summary.isStreaming {
                // A whole non-streaming body: send it in one piece (with a content-length) when it
                // arrived, by delaying the head instead.
                self.init(
                    status: status, headers: summary.responseHeaders, headDelayNanos: at,
                    parts: [ScriptedPart(bytes: exchange.trailingBytes)],
                    ending: Self.cutOutcomes.contains(summary.outcome) ? .cut : .clean)
                coalescesDueParts = true
                return
            }
            parts.append(ScriptedPart(delayNanos: at - clock, bytes: exchange.trailingBytes))
        }
        self.init(
            status: status, headers: summary.responseHeaders, headDelayNanos: headDelay, parts: parts,
            ending: Self.cutOutcomes.contains(summary.outcome) ? .cut : .clean)
        // Events already due go out together: a dense stream re-served fast stays on time.
        coalescesDueParts = true
    }
}

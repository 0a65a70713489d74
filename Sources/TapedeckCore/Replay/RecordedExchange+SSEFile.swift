extension RecordedExchange {
    /// An exchange made from a raw `.sse` body with no recorded timing (a file, a sample, an export),
    /// so it can be replayed without a database. Events get synthetic arrival times: the first at
    /// `firstEventNanos`, then one every `intervalNanos`; the trailing fragment one interval later.
    public static func fromSSEBody(
        _ bytes: [UInt8], id: String, firstEventNanos: Int64 = 300_000_000, intervalNanos: Int64 = 40_000_000
    ) -> RecordedExchange {
        let body = StreamInspection(bytes: bytes)
        let trailing = body.trailing
        var events: [RecordedEvent] = []
        events.reserveCapacity(body.events.count)
        for (index, event) in body.events.enumerated() {
            events.append(
                RecordedEvent(
                    sequence: index, offsetNanos: firstEventNanos + Int64(index) * intervalNanos, type: event.type,
                    data: event.data, raw: event.raw))
        }
        let message = body.message
        let outcome = OutcomeClassifier.classify(
            status: 200, isStreaming: true, sawMessageStop: message.isComplete, sawErrorEvent: message.error != nil,
            ending: .upstreamFinished)
        let end = firstEventNanos + Int64(max(0, events.count - 1)) * intervalNanos
        let trailingOffset: Int64? = trailing == nil ? nil : end + intervalNanos
        var summary = ExchangeSummary(
            id: id, startedAtNanos: 0, method: "POST", path: "/v1/messages", status: 200,
            responseHeaders: [HeaderField(name: "content-type", value: "text/event-stream")], isStreaming: true,
            model: message.model, stopReason: message.stopReason, outcome: outcome,
            firstByteNanos: events.isEmpty ? nil : firstEventNanos,
            durationNanos: trailingOffset ?? end, inputTokens: message.usage.inputTokens,
            outputTokens: message.usage.outputTokens,
            cacheCreationInputTokens: message.usage.cacheCreationInputTokens,
            cacheReadInputTokens: message.usage.cacheReadInputTokens, eventCount: events.count,
            errorType: message.error?.type, errorMessage: message.error?.message, note: "replayed from a .sse file")
        if let first = message.firstContentDeltaEvent, first < events.count {
            summary.ttftNanos = events[first].offsetNanos
        }
        return RecordedExchange(
            summary: summary, events: events, trailingBytes: trailing?.raw ?? [], trailingOffsetNanos: trailingOffset)
    }
}

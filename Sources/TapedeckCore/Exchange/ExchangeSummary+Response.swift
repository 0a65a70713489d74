/// What an exchange's bodies say about it (model, stop_reason, usage, error): the proxy fills a summary from these
/// when a live exchange ends, the importers when a file becomes an exchange, so both label exchanges alike.
extension ExchangeSummary {
    /// The `model` a JSON request body asks for: the label of an exchange whose response never named one.
    public static func requestedModel(in requestBody: [UInt8]) -> String? {
        guard !requestBody.isEmpty, let json = try? JSONValue.parse(bytes: requestBody) else { return nil }
        return json["model"]?.stringValue
    }

    /// Takes model (when the stream named one), stop_reason, usage and error from an assembled stream.
    public mutating func take(_ message: AssembledMessage) {
        model = message.model ?? model
        stopReason = message.stopReason
        take(message.usage)
        if let error = message.error {
            errorType = error.type
            errorMessage = error.message
        }
    }

    /// Takes model, stop_reason, usage and error from a non-streaming JSON response body (a message, or an error
    /// object); a body that is not JSON changes nothing.
    public mutating func takeResponseBody(_ body: [UInt8]) {
        takeResponseBody(body.isEmpty ? nil : try? JSONValue.parse(bytes: body))
    }

    /// `takeResponseBody` for a body already parsed (nil when it is not JSON), so a caller that needs the tree
    /// too parses a large body once.
    public mutating func takeResponseBody(_ json: JSONValue?) {
        guard let json else { return }
        if let model = json["model"]?.stringValue { self.model = model }
        stopReason = json["stop_reason"]?.stringValue
        if let usage = json["usage"]?.objectValue { take(Usage(usage)) }
        if let error = json["error"] {
            errorType = error["type"]?.stringValue
            errorMessage = error["message"]?.stringValue
        }
    }

    private mutating func take(_ usage: Usage) {
        inputTokens = usage.inputTokens
        outputTokens = usage.outputTokens
        cacheCreationInputTokens = usage.cacheCreationInputTokens
        cacheReadInputTokens = usage.cacheReadInputTokens
    }
}

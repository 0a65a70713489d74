/// A raw SSE response body parsed and assembled without a database: the one events-to-assembler pass that
/// `tapedeck inspect` (with its three views: summary, message JSON, one JSON line per event), the importers and
/// `replay --file` share. Kept in Core so the output is tested as plain text.
public struct StreamInspection: Sendable {
    /// Every dispatched event, in order.
    public let events: [SSEEvent]
    /// Bytes after the last event that never formed one.
    public let trailing: SSETrailingFragment?
    /// The assembled message after `finish`.
    public let message: AssembledMessage
    /// Size of the input in bytes.
    public let byteCount: Int

    /// Parses and assembles a whole body.
    public init<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        var parser = SSEParser()
        var assembler = MessageAssembler()
        let events = parser.feed(bytes)
        let trailing = parser.finish()
        for event in events { assembler.apply(event) }
        assembler.finish(trailing: trailing)
        self.events = events
        self.trailing = trailing
        self.message = assembler.message
        self.byteCount = bytes.count
    }

    /// How the stream ended as far as its bytes tell, in the store's words: `complete`, `error_event`, or
    /// `upstream_disconnect` for a stream cut before `message_stop` (what `record` stores for the same bytes).
    public var outcome: ExchangeOutcome {
        if message.isComplete { return .complete }
        return message.error != nil ? .errorEvent : .upstreamDisconnect
    }

    /// The human summary: outcome, stop reason, usage, blocks, diagnostics with event positions.
    public func summary() -> String {
        var lines: [String] = []
        var outcomeLine = "outcome:     \(outcome.labelWithOutcome)"
        if outcome == .upstreamDisconnect { outcomeLine += " (no message_stop: partial response)" }
        lines.append(outcomeLine)
        if let error = message.error { lines.append("error:       \(error.type): \(error.message)") }
        let identity = [message.model, message.role].compactMap { $0 }.joined(separator: ", ")
        lines.append("message:     \(message.id ?? "(no message_start)")\(identity.isEmpty ? "" : " (\(identity))")")
        var eventsLine = "events:      \(events.count) in \(byteCount) bytes"
        if let trailing, !trailing.raw.isEmpty {
            eventsLine += "; \(trailing.raw.count) trailing bytes never formed an event (at byte \(trailing.offset))"
        }
        lines.append(eventsLine)
        lines.append("stop_reason: \(message.stopReason ?? "none")")
        lines.append("usage:       \(Self.describe(message.usage))")
        if let first = message.firstContentDeltaEvent { lines.append("first delta: event \(first + 1)") }
        lines.append("blocks:      \(message.content.count)")
        for block in message.content { lines.append("  " + Self.describe(block)) }
        if message.diagnostics.isEmpty {
            lines.append("diagnostics: none")
        } else {
            lines.append("diagnostics: \(message.diagnostics.count)")
            for diagnostic in message.diagnostics {
                lines.append("  \(diagnostic)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The assembled message in the API's shape, pretty-printed.
    public func messageJSONText() -> String {
        message.messageJSON().serialized(pretty: true)
    }

    /// One compact JSON object per event (its 1-based number, type, byte offset, length, data as JSON; data that is
    /// not JSON as a string with the reason), then one for the trailing fragment, if any.
    public func eventLines() -> [String] {
        var lines = events.enumerated().map { index, event -> String in
            var object: JSONObject = [
                "event": .number(JSONNumber(index + 1)), "type": .string(event.type),
                "offset": .number(JSONNumber(event.offset)),
                "length": .number(JSONNumber(event.raw.count)),
            ]
            do {
                object["data"] = try JSONValue.parse(event.data)
            } catch {
                object["data"] = .string(event.data)
                object["data_error"] = .string("\(error)")
            }
            return JSONValue.object(object).serialized()
        }
        if let trailing, !trailing.raw.isEmpty {
            let fragment: JSONValue = [
                "trailing_fragment": [
                    "offset": .number(JSONNumber(trailing.offset)), "length": .number(JSONNumber(trailing.raw.count)),
                    "text": .string(String(decoding: trailing.raw, as: UTF8.self)),
                ]
            ]
            lines.append(fragment.serialized())
        }
        return lines
    }

    static func describe(_ usage: Usage) -> String {
        var parts: [String] = []
        func add(_ label: String, _ value: Int?) {
            if let value { parts.append("\(label) \(value)") }
        }
        add("input", usage.inputTokens)
        add("output", usage.outputTokens)
        add("cache read", usage.cacheReadInputTokens)
        add("cache write", usage.cacheCreationInputTokens)
        for (key, value) in usage.other { parts.append("\(key) \(value.serialized())") }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    static func describe(_ block: AssembledBlock) -> String {
        var line = "[\(block.index)] \(block.type)"
        switch block.kind {
        case .text:
            line += ": \(block.text.count) characters"
            if !block.citations.isEmpty {
                line += ", \(block.citations.count) citation\(block.citations.count == 1 ? "" : "s")"
            }
        case .thinking:
            line += ": \(block.thinking.count) characters"
            line += (block.signature ?? "").isEmpty ? ", no signature" : ", signed"
        case .redactedThinking:
            line += ": \(block.redactedData?.utf8.count ?? 0) bytes of data"
        case .toolUse, .serverToolUse:
            line +=
                " \(block.toolName ?? "?") (\(block.toolUseID ?? "no id")): input \(block.inputJSON.utf8Count) bytes"
            switch block.finalInput {
            case .valid: line += ", valid JSON"
            case .invalid: line += ", NOT valid JSON"
            case nil: line += block.isStopped ? "" : ", unfinished"
            }
        case .webSearchToolResult:
            line += " for \(block.toolUseID ?? "?")"
            if let results = block.start["content"]?.arrayValue { line += ": \(results.count) results" }
        case .unknown:
            line += " (unknown type, kept verbatim)"
        }
        if !block.unappliedDeltas.isEmpty {
            let count = block.unappliedDeltas.count
            line += "; \(count) unapplied delta\(count == 1 ? "" : "s") kept"
        }
        if !block.isStopped { line += "; never stopped" }
        return line
    }
}

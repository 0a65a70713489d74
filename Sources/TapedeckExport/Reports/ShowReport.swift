import Foundation
import TapedeckCore

/// `tapedeck show`: one exchange for a person (`text`) or a program (`json`): request summary,
/// response, timings, per-exchange stats figures, the assembled message, diagnostics with event
/// positions, the outcome (PARTIAL labelled) and the retry chain.
public struct ShowReport: Sendable {
    /// The exchange shown.
    public var exchange: RecordedExchange
    /// Every attempt of its retry chain, first first (just the exchange when it was not retried).
    public var chain: [ExchangeSummary]
    /// Whether the text shows the request's system prompt too (`show --system`): it can be long.
    public var includesSystemPrompt: Bool

    /// Creates a report.
    public init(exchange: RecordedExchange, chain: [ExchangeSummary] = [], includesSystemPrompt: Bool = false) {
        self.exchange = exchange
        self.chain = chain
        self.includesSystemPrompt = includesSystemPrompt
    }

    /// The plain-text report.
    public func text() -> String {
        let summary = exchange.summary
        let message = ExchangeAssembly.assemble(exchange)
        let figures = ExchangeFigures(exchange: exchange)
        let request = RequestSummary(summary.requestBody)
        var lines: [String] = []
        func field(_ name: String, _ value: String) {
            lines.append(name.padding(toLength: 10, withPad: " ", startingAt: 0) + value)
        }
        let label = summary.outcome.label
        lines.append(
            "Exchange \(summary.id)  \(label) (\(summary.outcome.rawValue)): \(summary.outcome.explanation)"
        )
        field("Started", UTCTimestamp.format(nanos: summary.startedAtNanos, fractionDigits: 3))
        var requestLine = "\(summary.method) \(summary.path)\(summary.query.map { "?" + $0 } ?? "")"
        if let model = request.model ?? summary.model { requestLine += "  model \(model)" }
        if let maxTokens = request.maxTokens { requestLine += "  max_tokens \(maxTokens)" }
        if let count = request.messageCount { requestLine += "  messages \(count)" }
        if !request.toolNames.isEmpty {
            requestLine += "  tools \(request.toolNames.count) (\(request.toolNames.joined(separator: ", ")))"
        }
        field("Request", requestLine)
        for (position, header) in summary.requestHeaders.enumerated() {
            field(position == 0 ? "Headers" : "", "\(header.name): \(header.value)")
        }
        var response = summary.status.map { "\($0) \(HTTPStatusText.phrase(for: $0))" } ?? "no response"
        if let type = summary.responseHeaders.first(where: { $0.name.lowercased() == "content-type" })?.value {
            response += "  \(type)"
        }
        if let stop = summary.stopReason { response += "  stop_reason \(stop)" }
        field("Response", response)
        field(
            "Timings",
            "first byte \(DurationText.format(summary.firstByteNanos))  TTFT \(DurationText.format(summary.ttftNanos))"
                + "  duration \(DurationText.format(summary.durationNanos))")
        var stats = "events \(exchange.events.count)"
        if summary.droppedEvents > 0 { stats += " (\(summary.droppedEvents) LOST)" }
        stats += "  tokens/s \(figures.outputTokensPerSecond.map { DurationText.fixed($0, digits: 1) } ?? "-")"
        stats += "  gap p99 \(DurationText.format(figures.gapP99Nanos))"
        stats += "  longest stall \(Self.stallText(figures.longestStall))"
        field("Stats", stats)
        func count(_ value: Int?) -> String { value.map(String.init) ?? "-" }
        field(
            "Usage",
            "input \(count(summary.inputTokens))  output \(count(summary.outputTokens))  cache creation "
                + "\(count(summary.cacheCreationInputTokens))  cache read \(count(summary.cacheReadInputTokens))")
        if let type = summary.errorType { field("Error", "\(type): \(summary.errorMessage ?? "")") }
        if chain.count > 1, let position = chain.firstIndex(where: { $0.id == summary.id }) {
            let attempts = chain.enumerated().map { index, attempt in
                "\(index + 1)) \(attempt.id) \(attempt.outcome.rawValue)\(attempt.id == summary.id ? " (this)" : "")"
            }
            field("Retry", "attempt \(position + 1) of \(chain.count): " + attempts.joined(separator: "  "))
        } else if let retryOf = summary.retryOf {
            field("Retry", "attempt \(summary.attempt), retry of \(retryOf)")
        }
        if let note = summary.note { field("Note", note) }
        lines.append(contentsOf: askedLines(request))
        lines.append("")
        lines.append("── Message" + (message.isComplete || !summary.isStreaming ? "" : " (PARTIAL)") + " ──")
        lines.append(contentsOf: messageLines(message))
        lines.append("")
        lines.append("── Diagnostics ──")
        let diagnostics = message.diagnostics.elements
        if diagnostics.isEmpty && (!exchange.summary.isStreaming || exchange.trailingBytes.isEmpty) {
            lines.append("none")
        }
        for diagnostic in diagnostics { lines.append(diagnostic.description) }
        if summary.isStreaming && !exchange.trailingBytes.isEmpty {
            lines.append(
                "at end: \(exchange.trailingBytes.count) trailing bytes never "
                    + "formed a complete event")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What was asked: the system prompt when asked for, then the last user message (its text, or what it held).
    private func askedLines(_ request: RequestSummary) -> [String] {
        var lines: [String] = []
        if includesSystemPrompt {
            lines += ["", "── System prompt ──", request.systemPrompt.map { Self.capped($0) } ?? "(none)"]
        }
        if let asked = request.lastUserMessage {
            lines += ["", "── Asked (last user message) ──", Self.capped(asked)]
        }
        return lines
    }

    /// Long prompts are cut for the terminal; `show --json` and the exports keep them whole.
    static func capped(_ text: String, limit: Int = 2_000) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "… (\(text.count - limit) more characters; `show --json` has it all)"
    }

    private func messageLines(_ message: AssembledMessage) -> [String] {
        if let body = ExchangeAssembly.plainBody(exchange) { return [body.serialized(pretty: true)] }
        if !exchange.summary.isStreaming {
            return exchange.trailingBytes.isEmpty
                ? ["(empty body)"] : [String(decoding: exchange.trailingBytes, as: UTF8.self)]
        }
        if message.content.isEmpty { return ["(no content assembled)"] }
        var lines: [String] = []
        for block in message.content {
            let open = block.isStopped ? "" : ", unfinished"
            switch block.kind {
            case .thinking:
                lines.append("[thinking, block \(block.index)\(open)]")
                lines.append(
                    contentsOf: block.thinking.split(separator: "\n", omittingEmptySubsequences: false).map {
                        "  " + $0
                    })
            case .text:
                lines.append("[text, block \(block.index)\(open)]")
                lines.append(block.text)
            case .redactedThinking:
                lines.append(
                    "[redacted_thinking, block \(block.index)\(open)] \(block.redactedData?.utf8.count ?? 0) bytes")
            case .toolUse, .serverToolUse:
                lines.append(
                    "[\(block.type) \(block.toolName ?? "?") \(block.toolUseID ?? ""), block \(block.index)\(open)]")
                if case .invalid(let reason) = block.finalInput {
                    lines.append("input is not valid JSON (\(reason)); as streamed:")
                    lines.append(block.inputJSON.string)
                } else {
                    lines.append((block.input ?? .object([:])).serialized(pretty: true))
                }
            default:
                lines.append("[\(block.type), block \(block.index)\(open)]")
                lines.append(JSONValue.object(block.json()).serialized(pretty: true))
            }
        }
        if let error = message.error { lines.append("[error event] \(error.type): \(error.message)") }
        return lines
    }

    /// "3.10 s before event 7 (content_block_delta)".
    static func stallText(_ stall: Stall?) -> String {
        guard let stall else { return "-" }
        let position =
            stall.endingSequence.map { "before event \($0 + 1) (\(stall.endingEvent))" }
            ?? "before \(stall.endingEvent)"
        return "\(DurationText.format(stall.gapNanos)) \(position)"
    }

    /// The report as JSON for `show --json`.
    public func json() -> JSONValue {
        let summary = exchange.summary
        let message = ExchangeAssembly.assemble(exchange)
        let figures = ExchangeFigures(exchange: exchange)
        var object = ExchangeJSON.summary(summary)
        object["label"] = .string(summary.outcome.label)
        object["stats"] = .object([
            "tokens_per_second": figures.outputTokensPerSecond.map { JSONValue($0) } ?? .null,
            "gap_p99_ms": ExchangeJSON.millis(figures.gapP99Nanos),
            "longest_stall": ExchangeJSON.stall(figures.longestStall),
        ])
        object["request_body"] = Self.requestBody(summary.requestBody)
        object["message"] = MessageJSONExporter.message(exchange)
        object["diagnostics"] = .array(
            message.diagnostics.elements.map { diagnostic in
                .object([
                    "event": diagnostic.eventNumber.map { .number(JSONNumber($0)) } ?? .null,
                    "at_end": .bool(diagnostic.isAtEnd), "severity": .string(diagnostic.severity.rawValue),
                    "kind": .string(diagnostic.kind.rawValue), "message": .string(diagnostic.message),
                ])
            })
        object["trailing_bytes"] = .number(JSONNumber(exchange.trailingBytes.count))
        object["retry_chain"] = .array(
            chain.map {
                .object([
                    "id": .string($0.id), "attempt": .number(JSONNumber($0.attempt)),
                    "outcome": .string($0.outcome.rawValue),
                ])
            })
        return .object(object)
    }

    /// The request body for `show --json`: parsed when it is JSON, else as text; null when none was recorded.
    static func requestBody(_ body: [UInt8]) -> JSONValue {
        if body.isEmpty { return .null }
        return (try? JSONValue.parse(bytes: body)) ?? .string(String(decoding: body, as: UTF8.self))
    }
}

/// What `show` says about a request body: the few fields a person looks for first.
struct RequestSummary {
    var model: String?
    var maxTokens: Int?
    var messageCount: Int?
    var toolNames: [String] = []
    /// The system prompt's text (text blocks joined by blank lines), when there is one.
    var systemPrompt: String?
    /// The last user message: its text, with any other blocks named (`[tool_result toolu_01]`).
    var lastUserMessage: String?

    init(_ body: [UInt8]) {
        guard !body.isEmpty, let value = try? JSONValue.parse(bytes: body) else { return }
        model = value["model"]?.stringValue
        maxTokens = value["max_tokens"]?.intValue
        messageCount = value["messages"]?.arrayValue?.count
        toolNames = value["tools"]?.arrayValue?.map { $0["name"]?.stringValue ?? $0["type"]?.stringValue ?? "?" } ?? []
        systemPrompt = value["system"].flatMap(Self.text)
        let lastUser = value["messages"]?.arrayValue?.last { $0["role"]?.stringValue == "user" }
        lastUserMessage = lastUser?["content"].flatMap(Self.text)
    }

    /// A content value as text: a string as it is; blocks as their text, other blocks by type (and id).
    static func text(_ content: JSONValue) -> String? {
        if let text = content.stringValue { return text }
        guard let blocks = content.arrayValue, !blocks.isEmpty else { return nil }
        return blocks.map { block -> String in
            if let text = block["text"]?.stringValue { return text }
            let type = block["type"]?.stringValue ?? "?"
            let id = block["tool_use_id"]?.stringValue ?? block["id"]?.stringValue
            return "[\(type)\(id.map { " " + $0 } ?? "")]"
        }.joined(separator: "\n\n")
    }
}

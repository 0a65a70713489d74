import TapedeckCore

/// `export --format md`: a transcript a person reads: the request (system, messages, tools), the
/// response (thinking quoted, text, tool calls as pretty JSON), usage, timings, outcome (PARTIAL
/// labelled) and diagnostics.
public enum MarkdownExporter {
    /// The transcript of one exchange.
    public static func export(_ exchange: RecordedExchange) -> String {
        let summary = exchange.summary
        let message = ExchangeAssembly.assemble(exchange)
        let figures = ExchangeFigures(exchange: exchange)
        var out = MarkdownWriter()
        let label = summary.outcome.label
        out.line("# Exchange \(summary.id): \(label)")
        out.blank()
        if summary.outcome != .complete && summary.outcome != .nonStreaming {
            out.line("> **\(label)** (`\(summary.outcome.rawValue)`): \(summary.outcome.explanation).")
            out.blank()
        }
        out.line("| | |")
        out.line("|---|---|")
        out.row("Started", UTCTimestamp.format(nanos: summary.startedAtNanos, fractionDigits: 3))
        out.row("Request", "`\(summary.method) \(summary.path)\(summary.query.map { "?" + $0 } ?? "")`")
        out.row("Model", summary.model.map { "`\($0)`" } ?? "-")
        out.row("Status", summary.status.map(String.init) ?? "no response")
        out.row("Outcome", "\(label) (`\(summary.outcome.rawValue)`)")
        out.row("Stop reason", summary.stopReason.map { "`\($0)`" } ?? "-")
        if summary.attempt > 1 || summary.retryOf != nil {
            out.row("Attempt", "\(summary.attempt)" + (summary.retryOf.map { " (retry of `\($0)`)" } ?? ""))
        }
        if let note = summary.note { out.row("Note", note) }
        out.blank()
        writeRequest(summary, into: &out)
        writeResponse(exchange, message: message, into: &out)
        writeUsage(summary, message: message, into: &out)
        writeTimings(summary, figures: figures, eventCount: exchange.events.count, into: &out)
        writeDiagnostics(exchange, message: message, into: &out)
        return out.text
    }

    private static func writeRequest(_ summary: ExchangeSummary, into out: inout MarkdownWriter) {
        out.line("## Request")
        out.blank()
        guard !summary.requestBody.isEmpty else {
            out.line("_No request body was recorded._")
            out.blank()
            return
        }
        guard let body = try? JSONValue.parse(bytes: summary.requestBody), case .object(let request) = body else {
            out.line("The request body is not a JSON object:")
            out.fenced(String(decoding: summary.requestBody, as: UTF8.self), language: "")
            return
        }
        var settings: [String] = []
        for (key, value) in request where !["system", "messages", "tools", "model"].contains(key) {
            settings.append("`\(key)`: `\(value.serialized())`")
        }
        if !settings.isEmpty {
            out.line(settings.joined(separator: " · "))
            out.blank()
        }
        if let system = request["system"] {
            out.line("### System")
            out.blank()
            writeContent(system, into: &out)
        }
        if let messages = request["messages"]?.arrayValue {
            out.line("### Messages (\(messages.count))")
            out.blank()
            for (position, message) in messages.enumerated() {
                out.line("#### \(position + 1). \(message["role"]?.stringValue ?? "unknown role")")
                out.blank()
                writeContent(message["content"] ?? .null, into: &out)
            }
        }
        if let tools = request["tools"]?.arrayValue, !tools.isEmpty {
            out.line("### Tools (\(tools.count))")
            out.blank()
            for tool in tools {
                let name = tool["name"]?.stringValue ?? "(unnamed)"
                let description = tool["description"]?.stringValue.map { ": " + $0 } ?? ""
                out.line("- `\(name)`\(description)")
            }
            out.blank()
        }
    }

    /// Request content: a string, or an array of blocks (text as text, everything else as JSON).
    private static func writeContent(_ content: JSONValue, into out: inout MarkdownWriter) {
        switch content {
        case .string(let text):
            out.paragraph(text)
        case .array(let blocks):
            for block in blocks {
                if block["type"]?.stringValue == "text", let text = block["text"]?.stringValue {
                    out.paragraph(text)
                } else {
                    out.line("_\(block["type"]?.stringValue ?? "block")_:")
                    out.fenced(block.serialized(pretty: true), language: "json")
                }
            }
        default:
            out.fenced(content.serialized(pretty: true), language: "json")
        }
    }

    private static func writeResponse(
        _ exchange: RecordedExchange, message: AssembledMessage, into out: inout MarkdownWriter
    ) {
        out.line("## Response")
        out.blank()
        if let body = ExchangeAssembly.plainBody(exchange) {
            out.line("Non-streaming body:")
            out.fenced(body.serialized(pretty: true), language: "json")
            return
        }
        if !exchange.summary.isStreaming, !exchange.trailingBytes.isEmpty {
            out.fenced(String(decoding: exchange.trailingBytes, as: UTF8.self), language: "")
            return
        }
        if message.content.isEmpty { out.line("_No content was assembled._") }
        if !message.content.isEmpty && !message.isComplete {
            out.line("_PARTIAL: the stream ended before message_stop; this is what had arrived._")
            out.blank()
        }
        for block in message.content {
            let open = block.isStopped ? "" : " (unfinished)"
            switch block.kind {
            case .thinking:
                out.line("### Thinking\(open)")
                out.blank()
                out.quote(block.thinking)
            case .redactedThinking:
                out.line("### Redacted thinking\(open)")
                out.blank()
                out.line("_\(block.redactedData?.utf8.count ?? 0) bytes of encrypted thinking._")
                out.blank()
            case .text:
                out.line("### Text\(open)")
                out.blank()
                out.paragraph(block.text)
            case .toolUse, .serverToolUse:
                let kind = block.kind == .toolUse ? "Tool call" : "Server tool call"
                out.line("### \(kind) `\(block.toolName ?? "?")`\(block.toolUseID.map { " (\($0))" } ?? "")\(open)")
                out.blank()
                if case .invalid(let reason) = block.finalInput {
                    out.line("Input is not valid JSON (\(reason)); as streamed:")
                    out.fenced(block.inputJSON.string, language: "")
                } else {
                    out.fenced((block.input ?? .object([:])).serialized(pretty: true), language: "json")
                }
            default:
                out.line("### `\(block.type)` block\(open)")
                out.blank()
                out.fenced(JSONValue.object(block.json()).serialized(pretty: true), language: "json")
            }
        }
        if let error = message.error {
            out.line("### Error event")
            out.blank()
            out.line("`\(error.type)`: \(error.message)")
            out.blank()
        }
    }

    private static func writeUsage(
        _ summary: ExchangeSummary, message: AssembledMessage, into out: inout MarkdownWriter
    ) {
        out.line("## Usage")
        out.blank()
        func count(_ value: Int?) -> String { value.map(String.init) ?? "-" }
        out.line("| input | output | cache creation | cache read |")
        out.line("|---:|---:|---:|---:|")
        out.line(
            "| \(count(summary.inputTokens)) | \(count(summary.outputTokens)) | "
                + "\(count(summary.cacheCreationInputTokens)) | \(count(summary.cacheReadInputTokens)) |")
        out.blank()
    }

    private static func writeTimings(
        _ summary: ExchangeSummary, figures: ExchangeFigures, eventCount: Int, into out: inout MarkdownWriter
    ) {
        out.line("## Timings")
        out.blank()
        out.line("- First byte: \(DurationText.format(summary.firstByteNanos))")
        out.line("- Time to first token (TTFT): \(DurationText.format(summary.ttftNanos))")
        out.line("- Duration: \(DurationText.format(summary.durationNanos))")
        out.line("- Events: \(eventCount)" + (summary.droppedEvents > 0 ? " (\(summary.droppedEvents) lost)" : ""))
        if let rate = figures.outputTokensPerSecond {
            out.line("- Output tokens per second: \(DurationText.fixed(rate, digits: 1))")
        }
        if let gap = figures.gapP99Nanos { out.line("- Inter-event gap p99: \(DurationText.format(gap))") }
        if let stall = figures.longestStall {
            let position =
                stall.endingSequence.map { "before event \($0 + 1) (`\(stall.endingEvent)`)" } ?? stall.endingEvent
            out.line(
                "- Longest stall: \(DurationText.format(stall.gapNanos)) at \(DurationText.format(stall.startNanos)), "
                    + position)
        }
        out.blank()
    }

    private static func writeDiagnostics(
        _ exchange: RecordedExchange, message: AssembledMessage, into out: inout MarkdownWriter
    ) {
        let diagnostics = message.diagnostics.elements
        out.line("## Diagnostics")
        out.blank()
        if diagnostics.isEmpty && (!exchange.summary.isStreaming || exchange.trailingBytes.isEmpty) {
            out.line("None.")
        }
        for diagnostic in diagnostics {
            out.line(
                "- \(diagnostic.position): **\(diagnostic.severity.rawValue)** `\(diagnostic.kind.rawValue)`: \(diagnostic.message)"
            )
        }
        if exchange.summary.isStreaming, !exchange.trailingBytes.isEmpty {
            out.line("- \(exchange.trailingBytes.count) trailing bytes never formed a complete event")
        }
        if let type = exchange.summary.errorType, message.error == nil {
            out.line("- error `\(type)`: \(exchange.summary.errorMessage ?? "")")
        }
    }
}

/// Accumulates Markdown lines; knows how to fence code and quote text safely.
struct MarkdownWriter {
    private(set) var text = ""

    mutating func line(_ line: String) { text += line + "\n" }

    mutating func blank() { text += "\n" }

    mutating func row(_ name: String, _ value: String) {
        line("| \(name) | \(value.replacingPipes()) |")
    }

    /// Text as its own paragraph, followed by a blank line.
    mutating func paragraph(_ body: String) {
        line(body.isEmpty ? "_(empty)_" : body)
        blank()
    }

    /// Every line prefixed with "> ", so thinking reads as a quote.
    mutating func quote(_ body: String) {
        for part in body.split(separator: "\n", omittingEmptySubsequences: false) {
            line(part.isEmpty ? ">" : "> " + part)
        }
        blank()
    }

    /// A fenced block whose fence is longer than any backtick run inside it.
    mutating func fenced(_ body: String, language: String) {
        var longest = 0
        var run = 0
        for character in body {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        line(fence + language)
        line(body)
        line(fence)
        blank()
    }
}

extension String {
    fileprivate func replacingPipes() -> String {
        var result = ""
        for character in self { result += character == "|" ? "\\|" : (character == "\n" ? " " : String(character)) }
        return result
    }
}

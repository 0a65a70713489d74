import TapedeckCore

/// `export SESSION --format md`: the conversation as a person reads it, main thread first, turn by turn: what
/// was new in each request (user text, tool results), the answer (thinking collapsed, text, tool calls with their
/// input), failed attempts and partial answers marked, and each turn's timing.
public enum SessionMarkdownExporter {
    /// The transcript of a whole session.
    public static func export(_ session: RecordedSession) -> String {
        var out = MarkdownWriter()
        writeHeader(session, into: &out)
        let main = SessionTranscript.mainThread(session)
        let turns = SessionTurnFacts.all(session)
        var threads: [Int] = []
        for facts in turns where !threads.contains(facts.turn.thread) { threads.append(facts.turn.thread) }
        // The main conversation first, even when a side request (a title, a quota check) came before it.
        threads.sort { ($0 == main ? 0 : 1, $0) < ($1 == main ? 0 : 1, $1) }
        let retried = Set(session.exchanges.compactMap(\.summary.retryOf))
        for thread in threads {
            out.line("## Thread \(thread)" + (thread == main ? " (main)" : ""))
            out.blank()
            for facts in turns where facts.turn.thread == thread {
                writeTurn(facts, retried: retried.contains(facts.summary.id), into: &out)
            }
        }
        return out.text
    }

    private static func writeHeader(_ session: RecordedSession, into out: inout MarkdownWriter) {
        let summary = session.summary
        let figures = session.figures
        let label = figures.outcome.label
        out.line("# Session \(summary.id): \(label)")
        out.blank()
        out.line("| | |")
        out.line("|---|---|")
        out.row("Started", UTCTimestamp.format(nanos: summary.startedAtNanos, fractionDigits: 3))
        out.row("Grouped by", "`\(summary.grouping.rawValue)`" + (summary.key.map { " (`\($0)`)" } ?? ""))
        if let client = summary.client { out.row("Client", client) }
        out.row(
            "Exchanges",
            "\(figures.exchanges): \(figures.turns) turns in \(figures.threads) threads, "
                + "\(figures.failedExchanges) failed")
        out.row("Models", figures.models.isEmpty ? "-" : figures.models.map { "`\($0)`" }.joined(separator: ", "))
        out.row("Worst outcome", "\(label) (`\(figures.outcome.rawValue)`)")
        out.row(
            "Tokens",
            "input \(figures.inputTokens) · output \(figures.outputTokens) · cache creation "
                + "\(figures.cacheCreationInputTokens) · cache read \(figures.cacheReadInputTokens)")
        out.row(
            "Time",
            "wall \(DurationText.format(figures.wallNanos)) · on the model \(DurationText.format(figures.modelNanos))"
                + " · between turns \(DurationText.format(figures.betweenTurnsNanos))")
        out.blank()
    }

    /// One turn; `retried` says a later attempt repeated it, so its attempt number is shown.
    private static func writeTurn(_ facts: SessionTurnFacts, retried: Bool, into out: inout MarkdownWriter) {
        let summary = facts.summary
        let turn = facts.turn
        let label = summary.outcome.label
        var heading = "### Turn \(turn.turn)"
        if turn.attempt > 1 || retried { heading += ", attempt \(turn.attempt)" }
        out.line(heading + ": \(label)")
        out.blank()
        var timing = ["exchange `\(summary.id)`"]
        if let gap = turn.gapBeforeNanos { timing.append("after a gap of \(DurationText.format(gap))") }
        timing.append("TTFT \(DurationText.format(summary.ttftNanos))")
        timing.append("duration \(DurationText.format(summary.durationNanos))")
        func count(_ value: Int?) -> String { value.map(String.init) ?? "-" }
        timing.append("tokens \(count(summary.inputTokens)) in / \(count(summary.outputTokens)) out")
        if let model = summary.model { timing.append("`\(model)`") }
        out.line("_" + timing.joined(separator: " · ") + "_")
        out.blank()
        if turn.attempt > 1 {
            out.line(
                "_Attempt \(turn.attempt)" + (summary.retryOf.map { ", retry of `\($0)`" } ?? "")
                    + ": the same request was sent again._")
            out.blank()
        } else {
            writeInput(facts, into: &out)
        }
        writeAnswer(facts, into: &out)
    }

    private static func writeInput(_ facts: SessionTurnFacts, into out: inout MarkdownWriter) {
        let request = try? JSONValue.parse(bytes: facts.summary.requestBody)
        if facts.turn.turn == 1, let system = request?["system"] {
            out.line("<details><summary>System prompt</summary>")
            out.blank()
            SessionMarkdownContent.write(system, into: &out)
            out.line("</details>")
            out.blank()
        }
        if request == nil && !facts.summary.requestBody.isEmpty {
            out.line("_The request body is not JSON:_")
            out.fenced(String(decoding: facts.summary.requestBody, as: UTF8.self), language: "")
        }
        for message in facts.turn.newInput {
            let role = message["role"]?.stringValue ?? "unknown role"
            out.line("#### " + role.prefix(1).uppercased() + role.dropFirst())
            out.blank()
            SessionMarkdownContent.write(message["content"] ?? .null, into: &out)
        }
    }

    private static func writeAnswer(_ facts: SessionTurnFacts, into out: inout MarkdownWriter) {
        let summary = facts.summary
        let outcome = summary.outcome
        if outcome != .complete && outcome != .nonStreaming {
            var what = "`\(outcome.rawValue)`"
            if let status = summary.status, status >= 400 { what += ", HTTP \(status)" }
            out.line("> **\(outcome.label)** (\(what)): \(outcome.explanation).")
            if let type = summary.errorType {
                out.line(">")
                out.line("> `\(type)`: \(summary.errorMessage ?? "")")
            }
            out.blank()
        }
        out.line("#### Assistant")
        out.blank()
        if let message = facts.message, !message.content.isEmpty {
            if !message.isComplete {
                out.line("_PARTIAL: the stream ended before message_stop; this is what had arrived._")
                out.blank()
            }
            SessionMarkdownContent.write(answer: message, into: &out)
        } else if let answer = facts.answer {
            for block in answer { SessionMarkdownContent.write(block: block, unfinished: false, into: &out) }
        } else {
            out.line("_No answer came back._")
            out.blank()
        }
        if let stop = summary.stopReason {
            out.line("_stop_reason `\(stop)`_")
            out.blank()
        }
    }
}

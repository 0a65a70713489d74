import TapedeckCore

/// The note at the top of an HTML replay that says what the file holds, so nobody shares prompts by accident.
enum HTMLReplayBanner {
    /// Two or three sentences: what was recorded, whether the prompts are in, what was left out.
    static func text(exchanges: [RecordedExchange], session: SessionSummary?, options: HTMLReplayOptions) -> String {
        let events = exchanges.reduce(0) { $0 + $1.events.count }
        let what =
            session.map { "session \($0.id) (\(count(exchanges.count, "exchange")), \(count(events, "event")))" }
            ?? "exchange \(exchanges.first?.summary.id ?? "?") (\(count(events, "event")))"
        var lines = [
            "This file contains the recorded \(what): every streamed event of the model's answers "
                + "(thinking, text, tool calls) with its timing and raw bytes."
        ]
        if options.includesRequestBodies {
            lines.append(
                "It also contains the prompts: each turn's new messages (user text, tool results), "
                    + "system prompts and tool definitions. Check them before sharing "
                    + "(export with --no-request-bodies to leave them out).")
        } else {
            lines.append(
                "The prompts were left out (--no-request-bodies): no request messages, system prompts or tool "
                    + "definitions; the answers may still quote them.")
        }
        lines.append("Request headers are not included; API keys and other secrets were redacted when recorded.")
        return lines.joined(separator: "\n")
    }

    private static func count(_ value: Int, _ noun: String) -> String {
        "\(value) \(noun)\(value == 1 ? "" : "s")"
    }
}

import Foundation
import TapedeckCore
import TapedeckStore

/// The session list as a terminal table or JSON: what `ls` prints, one agent run or conversation per row.
enum SessionTable {
    /// Column headings, in order.
    static let headings = [
        "ID", "STARTED", "CLIENT", "MODELS", "EXCH", "TURNS", "OUTCOME", "TOKENS IN/OUT", "WALL", "MODEL", "BETWEEN",
    ]

    /// One text row per session, aligned under `headings` (numbers right-aligned).
    static func render(_ sessions: [SessionListing], now: Date = Date(), timeZone: TimeZone = .current) -> String {
        let rows = sessions.map { row($0, now: now, timeZone: timeZone) }
        return TextTable.render(headings: headings, rows: rows, rightAligned: [4, 5, 7, 8, 9, 10])
    }

    /// The cells of one session.
    static func row(_ session: SessionListing, now: Date, timeZone: TimeZone) -> [String] {
        let figures = session.figures
        let started = Date(timeIntervalSince1970: Double(session.summary.startedAtNanos) / 1e9)
        return [
            session.summary.id, ExchangeTable.startTime(started, now: now, timeZone: timeZone),
            clip(session.summary.client ?? "-", 20), models(figures.models), String(figures.exchanges),
            String(figures.turns), outcome(figures),
            "\(count(figures.inputTokens + figures.cacheReadInputTokens + figures.cacheCreationInputTokens))"
                + "/\(count(figures.outputTokens))",
            span(figures.wallNanos), span(figures.modelNanos), span(figures.betweenTurnsNanos),
        ]
    }

    /// The worst outcome, with how many exchanges failed: "upstream_disconnect (2 failed)".
    static func outcome(_ figures: SessionFigures) -> String {
        figures.failedExchanges > 0
            ? "\(figures.outcome.rawValue) (\(figures.failedExchanges) failed)" : figures.outcome.rawValue
    }

    /// Models without the "claude-" prefix and date suffix, the first one and "+N" more.
    static func models(_ models: [String]) -> String {
        guard let first = models.first else { return "-" }
        var short = first.hasPrefix("claude-") ? String(first.dropFirst("claude-".count)) : first
        if let dash = short.lastIndex(of: "-"), short[short.index(after: dash)...].count == 8,
            short[short.index(after: dash)...].allSatisfy(\.isNumber)
        {
            short = String(short[..<dash])
        }
        return models.count > 1 ? "\(short) +\(models.count - 1)" : short
    }

    /// A token count for a narrow column: "912", "48.2k", "1.3M".
    static func count(_ value: Int) -> String {
        if value < 1_000 { return String(value) }
        if value < 1_000_000 { return String(format: "%.1fk", Double(value) / 1e3) }
        return String(format: "%.1fM", Double(value) / 1e6)
    }

    /// A span for the time columns: "0" when nothing was spent there (a one-exchange session has no gaps).
    private static func span(_ nanos: Int64) -> String {
        nanos == 0 ? "0" : ExchangeTable.duration(nanos)
    }

    private static func clip(_ text: String, _ width: Int) -> String {
        text.count > width ? String(text.prefix(width - 1)) + "…" : text
    }

    /// The `--json` form: an array of session objects with stable keys.
    static func json(_ sessions: [SessionListing]) -> String {
        JSONValue.array(sessions.map(jsonObject)).serialized(pretty: true)
    }

    /// One session as a JSON object (times in milliseconds, starts as ISO 8601 UTC).
    static func jsonObject(_ session: SessionListing) -> JSONValue {
        let summary = session.summary
        let figures = session.figures
        func millis(_ nanos: Int64) -> JSONValue { JSONValue((Double(nanos) / 1e3).rounded() / 1e3) }
        func number(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }
        return .object(
            JSONObject([
                ("id", .string(summary.id)),
                ("key", summary.key.map { .string($0) } ?? .null),
                ("grouped_by", .string(summary.grouping.rawValue)),
                ("client", summary.client.map { .string($0) } ?? .null),
                ("started_at", .string(ExchangeTable.isoTimestamp(summary.startedAtNanos))),
                ("last_at", .string(ExchangeTable.isoTimestamp(summary.lastAtNanos))),
                ("models", .array(figures.models.map { .string($0) })),
                ("exchanges", number(figures.exchanges)),
                ("turns", number(figures.turns)),
                ("threads", number(figures.threads)),
                ("outcome", .string(figures.outcome.rawValue)),
                ("failed_exchanges", number(figures.failedExchanges)),
                ("input_tokens", number(figures.inputTokens)),
                ("output_tokens", number(figures.outputTokens)),
                ("cache_creation_input_tokens", number(figures.cacheCreationInputTokens)),
                ("cache_read_input_tokens", number(figures.cacheReadInputTokens)),
                ("wall_ms", millis(figures.wallNanos)),
                ("model_ms", millis(figures.modelNanos)),
                ("between_turns_ms", millis(figures.betweenTurnsNanos)),
            ]))
    }
}

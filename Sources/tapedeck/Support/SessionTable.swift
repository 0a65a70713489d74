import Foundation
import TapedeckCore
import TapedeckStore

/// The session list as a terminal table or JSON: what `ls` prints, one agent run or conversation per row.
enum SessionTable {
    /// The columns, in order; on a narrow terminal the time splits go first and the id and outcome stay.
    static let columns: [TextTable.Column] = [
        .init(heading: "ID", priority: 100),
        .init(heading: "STARTED", priority: 80),
        .init(heading: "CLIENT", priority: 50, minimumWidth: 12),
        .init(heading: "MODELS", priority: 60, minimumWidth: 10),
        .init(heading: "EXCH", rightAligned: true, priority: 40),
        .init(heading: "TURNS", rightAligned: true, priority: 70),
        .init(heading: "OUTCOME", priority: 90, minimumWidth: 12),
        .init(heading: "FAILED", rightAligned: true, priority: 85),
        .init(heading: "TOKENS IN/OUT", rightAligned: true, priority: 30),
        .init(heading: "WALL", rightAligned: true, priority: 45),
        .init(heading: "MODEL", rightAligned: true, priority: 20),
        .init(heading: "BETWEEN", rightAligned: true, priority: 10),
    ]

    /// One text row per session, aligned under the column headings (numbers right-aligned), at most `width` wide.
    static func render(
        _ sessions: [SessionListing], now: Date = Date(), timeZone: TimeZone = .current, width: Int? = nil
    ) -> String {
        let rows = sessions.map { row($0, now: now, timeZone: timeZone) }
        return TextTable.render(columns: columns, rows: rows, width: width)
    }

    /// The cells of one session.
    static func row(_ session: SessionListing, now: Date, timeZone: TimeZone) -> [String] {
        let figures = session.figures
        let started = Date(timeIntervalSince1970: Double(session.summary.startedAtNanos) / 1e9)
        return [
            session.summary.id, ExchangeTable.startTime(started, now: now, timeZone: timeZone),
            TextTable.clip(session.summary.client ?? "-", 20), models(figures.models), String(figures.exchanges),
            String(figures.turns), figures.outcome.rawValue,
            figures.failedExchanges > 0 ? String(figures.failedExchanges) : "-",
            "\(count(figures.inputTokens + figures.cacheReadInputTokens + figures.cacheCreationInputTokens))"
                + "/\(count(figures.outputTokens))",
            span(figures.wallNanos), span(figures.modelNanos), span(figures.betweenTurnsNanos),
        ]
    }

    /// Models in short form (see `shortModel`), the first one and "+N" more.
    static func models(_ models: [String]) -> String {
        guard let first = models.first else { return "-" }
        let short = shortModel(first)
        return models.count > 1 ? "\(short) +\(models.count - 1)" : short
    }

    /// A model id without the "claude-" prefix and the date suffix: "opus-4-1" for "claude-opus-4-1-20250805".
    static func shortModel(_ model: String) -> String {
        var short = model.hasPrefix("claude-") ? String(model.dropFirst("claude-".count)) : model
        if let dash = short.lastIndex(of: "-"), short[short.index(after: dash)...].count == 8,
            short[short.index(after: dash)...].allSatisfy(\.isNumber)
        {
            short = String(short[..<dash])
        }
        return short
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

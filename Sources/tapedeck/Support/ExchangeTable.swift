import Foundation
import TapedeckCore

/// The exchange list as a terminal table or JSON: `ls` prints it, and `stats`, `demo` and `show` reuse its
/// formatting so every command shows an exchange the same way.
enum ExchangeTable {
    /// The columns, in order; on a narrow terminal the retry and token columns go first.
    static let columns: [TextTable.Column] = [
        .init(heading: "ID", priority: 100),
        .init(heading: "SESSION", priority: 50),
        .init(heading: "STARTED", priority: 80),
        .init(heading: "MODEL", priority: 60, minimumWidth: 10),
        .init(heading: "OUTCOME", priority: 90, minimumWidth: 14),
        .init(heading: "STOP", priority: 40, minimumWidth: 8),
        .init(heading: "EVENTS", rightAligned: true, priority: 70),
        .init(heading: "TTFT", rightAligned: true, priority: 45),
        .init(heading: "DURATION", rightAligned: true, priority: 65),
        .init(heading: "OUT TOK", rightAligned: true, priority: 30),
        .init(heading: "RETRY", priority: 35),
    ]

    /// One text row per exchange, aligned under the column headings (numbers right-aligned), at most `width` wide.
    static func render(
        _ exchanges: [ExchangeSummary], now: Date = Date(), timeZone: TimeZone = .current, width: Int? = nil
    ) -> String {
        let rows = exchanges.map { row($0, now: now, timeZone: timeZone) }
        return TextTable.render(columns: columns, rows: rows, width: width)
    }

    /// The cells of one exchange.
    static func row(_ exchange: ExchangeSummary, now: Date, timeZone: TimeZone) -> [String] {
        var events = String(exchange.eventCount)
        if exchange.droppedEvents > 0 { events += " (\(exchange.droppedEvents) lost)" }
        return [
            exchange.id, exchange.sessionID ?? "-", startTime(exchange.startedAt, now: now, timeZone: timeZone),
            exchange.model.map(SessionTable.shortModel) ?? "-",
            outcomeText(exchange), exchange.stopReason ?? "-", events, duration(exchange.ttftNanos),
            duration(exchange.durationNanos), exchange.outputTokens.map(String.init) ?? "-", retryMarker(exchange),
        ]
    }

    /// The outcome, with the HTTP status for HTTP errors (e.g. "http_error 529").
    static func outcomeText(_ exchange: ExchangeSummary) -> String {
        if exchange.outcome == .httpError, let status = exchange.status { return "http_error \(status)" }
        return exchange.outcome.rawValue
    }

    /// "↻2 of 3f9a0c" for a retry; empty for a first attempt.
    static func retryMarker(_ exchange: ExchangeSummary) -> String {
        guard exchange.attempt > 1 || exchange.retryOf != nil else { return "" }
        let of = exchange.retryOf.map { " of \($0.prefix(6))" } ?? ""
        return "↻\(exchange.attempt)\(of)"
    }

    /// Local start time, compact: "14:03:12" today, "Nov 24 14:03" this year, "2025-11-24 14:03" before.
    static func startTime(_ date: Date, now: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        if calendar.isDate(date, inSameDayAs: now) {
            formatter.dateFormat = "HH:mm:ss"
        } else if calendar.component(.year, from: date) == calendar.component(.year, from: now) {
            formatter.dateFormat = "MMM dd HH:mm"
        } else {
            formatter.dateFormat = "yyyy-MM-dd HH:mm"
        }
        return formatter.string(from: date)
    }

    /// A nanosecond span for people: "840ms", "3.2s", "2m05s"; "-" when unknown.
    static func duration(_ nanos: Int64?) -> String {
        guard let nanos else { return "-" }
        let millis = Double(nanos) / 1e6
        if millis < 1 { return String(format: "%.2fms", millis) }
        if millis < 1000 { return "\(Int(millis.rounded()))ms" }
        let seconds = millis / 1000
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%dh%02dm", whole / 3600, (whole % 3600) / 60)
    }

    /// The `--json` form: an array of objects with stable keys, nulls included.
    static func json(_ exchanges: [ExchangeSummary]) -> String {
        JSONValue.array(exchanges.map(jsonObject)).serialized(pretty: true)
    }

    /// One exchange as a JSON object (times in milliseconds, start as ISO 8601 UTC).
    static func jsonObject(_ exchange: ExchangeSummary) -> JSONValue {
        func number(_ value: Int?) -> JSONValue { value.map { .number(JSONNumber($0)) } ?? .null }
        func millis(_ nanos: Int64?) -> JSONValue {
            nanos.map { JSONValue((Double($0) / 1e3).rounded() / 1e3) } ?? .null
        }
        func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
        return .object(
            JSONObject([
                ("id", .string(exchange.id)),
                ("session_id", string(exchange.sessionID)),
                ("thread_id", string(exchange.threadID)),
                ("turn", number(exchange.turn)),
                ("continues", string(exchange.continues)),
                ("started_at", .string(isoTimestamp(exchange.startedAtNanos))),
                ("method", .string(exchange.method)),
                ("path", .string(exchange.path)),
                ("model", string(exchange.model)),
                ("outcome", .string(exchange.outcome.rawValue)),
                ("status", number(exchange.status)),
                ("stop_reason", string(exchange.stopReason)),
                ("event_count", number(exchange.eventCount)),
                ("dropped_events", number(exchange.droppedEvents)),
                ("first_byte_ms", millis(exchange.firstByteNanos)),
                ("ttft_ms", millis(exchange.ttftNanos)),
                ("duration_ms", millis(exchange.durationNanos)),
                ("input_tokens", number(exchange.inputTokens)),
                ("output_tokens", number(exchange.outputTokens)),
                ("cache_creation_input_tokens", number(exchange.cacheCreationInputTokens)),
                ("cache_read_input_tokens", number(exchange.cacheReadInputTokens)),
                ("error_type", string(exchange.errorType)),
                ("error_message", string(exchange.errorMessage)),
                ("retry_of", string(exchange.retryOf)),
                ("attempt", number(exchange.attempt)),
                ("note", string(exchange.note)),
            ]))
    }

    /// ISO 8601 UTC with milliseconds, e.g. "2026-11-25T14:03:12.345Z".
    static func isoTimestamp(_ nanos: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: Double(nanos) / 1e9))
    }
}

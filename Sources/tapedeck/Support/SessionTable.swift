import Foundation
import TapedeckCore

/// The session list as a terminal table or JSON: `ls` prints it, and `stats`, `demo` and `show` reuse its
/// formatting so every command shows a session the same way.
enum SessionTable {
    /// Column headings, in order.
    static let headings = [
        "ID", "STARTED", "MODEL", "OUTCOME", "STOP", "EVENTS", "TTFT", "DURATION", "OUT TOK", "RETRY",
    ]

    /// One text row per session, aligned under `headings` (numbers right-aligned).
    static func render(_ sessions: [SessionSummary], now: Date = Date(), timeZone: TimeZone = .current) -> String {
        let rows = sessions.map { row($0, now: now, timeZone: timeZone) }
        let rightAligned: Set<Int> = [5, 6, 7, 8]
        var widths = headings.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (index, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                if index > 0 { text += "  " }
                text += rightAligned.contains(index) ? padding + cell : cell + padding
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        return ([line(headings)] + rows.map(line)).joined(separator: "\n")
    }

    /// The cells of one session.
    static func row(_ session: SessionSummary, now: Date, timeZone: TimeZone) -> [String] {
        var events = String(session.eventCount)
        if session.droppedEvents > 0 { events += " (\(session.droppedEvents) lost)" }
        return [
            session.id, startTime(session.startedAt, now: now, timeZone: timeZone), session.model ?? "-",
            outcomeText(session), session.stopReason ?? "-", events, duration(session.ttftNanos),
            duration(session.durationNanos), session.outputTokens.map(String.init) ?? "-", retryMarker(session),
        ]
    }

    /// The outcome, with the HTTP status for HTTP errors (e.g. "http_error 529").
    static func outcomeText(_ session: SessionSummary) -> String {
        if session.outcome == .httpError, let status = session.status { return "http_error \(status)" }
        return session.outcome.rawValue
    }

    /// "↻2 of 3f9a0c" for a retry; empty for a first attempt.
    static func retryMarker(_ session: SessionSummary) -> String {
        guard session.attempt > 1 || session.retryOf != nil else { return "" }
        let of = session.retryOf.map { " of \($0.prefix(6))" } ?? ""
        return "↻\(session.attempt)\(of)"
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
    static func json(_ sessions: [SessionSummary]) -> String {
        JSONValue.array(sessions.map(jsonObject)).serialized(pretty: true)
    }

    /// One session as a JSON object (times in milliseconds, start as ISO 8601 UTC).
    static func jsonObject(_ session: SessionSummary) -> JSONValue {
        func number(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
        func millis(_ nanos: Int64?) -> JSONValue { nanos.map { .number((Double($0) / 1e3).rounded() / 1e3) } ?? .null }
        func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
        return .object(
            JSONObject([
                ("id", .string(session.id)),
                ("started_at", .string(isoTimestamp(session.startedAtNanos))),
                ("method", .string(session.method)),
                ("path", .string(session.path)),
                ("model", string(session.model)),
                ("outcome", .string(session.outcome.rawValue)),
                ("status", number(session.status)),
                ("stop_reason", string(session.stopReason)),
                ("event_count", number(session.eventCount)),
                ("dropped_events", number(session.droppedEvents)),
                ("first_byte_ms", millis(session.firstByteNanos)),
                ("ttft_ms", millis(session.ttftNanos)),
                ("duration_ms", millis(session.durationNanos)),
                ("input_tokens", number(session.inputTokens)),
                ("output_tokens", number(session.outputTokens)),
                ("cache_creation_input_tokens", number(session.cacheCreationInputTokens)),
                ("cache_read_input_tokens", number(session.cacheReadInputTokens)),
                ("error_type", string(session.errorType)),
                ("error_message", string(session.errorMessage)),
                ("retry_of", string(session.retryOf)),
                ("attempt", number(session.attempt)),
                ("note", string(session.note)),
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

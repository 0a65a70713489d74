import Foundation

/// `--since` values: a look-back duration (`90s`, `15m`, `2h`, `3d`, `1w`, combined `1h30m`) or an ISO 8601
/// date/time (`2026-11-25`, `2026-11-25T14:00:00Z`); shared by `ls`, `stats` and `export`.
enum DurationParsing {
    /// The sentence shown when a value cannot be read.
    static let formatHelp =
        "use a duration like 90s, 15m, 2h, 3d or 1w (units combine: 1h30m) or a date like 2026-11-25 or "
        + "2026-11-25T14:00:00Z"

    /// Nanoseconds in `text` read as a duration, or nil when it is not one.
    static func durationNanos(_ text: String) -> Int64? {
        let units: [Character: Int64] = [
            "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000, "d": 86_400_000_000_000,
            "w": 604_800_000_000_000,
        ]
        var total: Int64 = 0
        var digits = ""
        var sawUnit = false
        for character in text.lowercased() {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if let unit = units[character], let value = Int64(digits) {
                let (product, overflow) = value.multipliedReportingOverflow(by: unit)
                guard !overflow else { return nil }
                let (sum, sumOverflow) = total.addingReportingOverflow(product)
                guard !sumOverflow else { return nil }
                total = sum
                digits = ""
                sawUnit = true
            } else {
                return nil
            }
        }
        guard sawUnit, digits.isEmpty else { return nil }
        return total
    }

    /// The instant `text` means for `--since`, in nanoseconds since the epoch, or nil when unreadable.
    static func sinceNanos(_ text: String, now: Date = Date()) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let nowNanos = Int64(now.timeIntervalSince1970 * 1e9)
        if let duration = durationNanos(trimmed) { return nowNanos - duration }
        guard let date = date(trimmed) else { return nil }
        return Int64(date.timeIntervalSince1970 * 1e9)
    }

    /// An ISO 8601 date (local midnight) or date-time (with zone, or local without one).
    private static func date(_ text: String) -> Date? {
        let withZone = ISO8601DateFormatter()
        withZone.formatOptions = [.withInternetDateTime]
        if let date = withZone.date(from: text) { return date }
        withZone.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = withZone.date(from: text) { return date }
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = .current
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"] {
            local.dateFormat = format
            if let date = local.date(from: text) { return date }
        }
        return nil
    }
}

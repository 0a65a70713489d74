import TapedeckCore

/// The ranges every number and id read from an imported file must fall in: wide enough for any real
/// recording, narrow enough that no later sum (start + duration, totals in `stats`) can overflow Int64.
enum ImportLimits {
    /// Longest duration or offset, in milliseconds (HAR): 10^12 ms, about 31 years.
    static let maxMilliseconds = 1e12
    /// Longest duration or offset, in nanoseconds (JSONL): 10^18 ns, the same 31 years.
    static let maxNanos: Int64 = 1_000_000_000_000_000_000
    /// Start times from 1970-01-01 up to 2200-01-01 (UTC), in nanoseconds since the epoch.
    static let startedAtNanos: ClosedRange<Int64> = 0...7_258_118_400_000_000_000
    /// Token counts of one exchange.
    static let tokens: ClosedRange<Int> = 0...1_000_000_000_000
    /// Event counts of one exchange.
    static let events: ClosedRange<Int> = 0...1_000_000_000
    /// Retry attempts.
    static let attempts: ClosedRange<Int> = 1...1_000_000
    /// HTTP status codes.
    static let status: ClosedRange<Int> = 100...999
    /// Longest id.
    static let maxIDLength = 64

    /// Whether `id` can be an exchange id: 1 to 64 lowercase hex digits (ids are `ShortID`s).
    static func isValidID(_ id: String) -> Bool {
        id.utf8.count <= maxIDLength && ShortID.isValidPrefix(id)
    }

    /// `id` for an error message, cut to a readable length.
    static func quoted(_ id: String) -> String {
        id.count > 80 ? "\"\(id.prefix(40))…\" (\(id.count) characters)" : "\"\(id)\""
    }
}

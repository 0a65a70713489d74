/// A run.sh line saying how many events the recording proxy had stored after a round,
/// against how many the client verified through it.
struct ProxyRecordedCheck: Codable, Sendable {
    /// Always "recorded".
    var kind = "recorded"
    /// Round number, from 1.
    var round: Int
    /// Events verified by the client through tapedeck, cumulative since the proxy started.
    var expected: Int
    /// Rows in the SQLite `events` table at that moment.
    var rows: Int
}

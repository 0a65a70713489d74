/// What the client saw on one benchmark stream: how far verification got, what it cost in
/// latency, and why it stopped if it did not complete.
struct ProxyStreamOutcome: Sendable {
    /// Monotonic ns when the connection was up (0 if it never was).
    var connectedAt: UInt64 = 0
    /// Monotonic ns when the response ended or failed.
    var endedAt: UInt64 = 0
    /// Events whose bytes matched the script exactly.
    var eventsVerified = 0
    /// Response body bytes received (dechunked).
    var bytes = 0
    /// True when every event arrived intact, nothing extra, and the body ended cleanly.
    var complete = false
    /// The first thing that went wrong, if anything.
    var failure: String?
    /// Per-delta `arrival − send` in nanoseconds (only when latency is collected).
    var latencies: [Int64] = []
}

/// What one benchmark request asks the upstream for, carried in the query string so every
/// proxy forwards it untouched: `POST /v1/messages?events=200&interval_us=2000`.
struct ProxyStreamRequest: Sendable, Equatable {
    /// Total SSE events, framing included.
    var events: Int
    /// Pause between events in microseconds; 0 is flood (as fast as the socket takes them).
    var intervalMicroseconds: Int

    /// The request target the client sends.
    var uri: String { "/v1/messages?events=\(events)&interval_us=\(intervalMicroseconds)" }

    /// Reads `events` and `interval_us` from a request target; nil when the path is not
    /// /v1/messages or a value is not a sane number.
    init?(uri: String) {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.first == "/v1/messages" else { return nil }
        var events = 200
        var interval = 0
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let keyValue = pair.split(separator: "=", maxSplits: 1)
                guard keyValue.count == 2, let value = Int(keyValue[1]), value >= 0 else { return nil }
                switch keyValue[0] {
                case "events": events = value
                case "interval_us": interval = value
                default: continue
                }
            }
        }
        guard events >= ProxyStreamScript.minimumEvents, events <= 10_000_000, interval <= 60_000_000 else {
            return nil
        }
        self.init(events: events, intervalMicroseconds: interval)
    }

    /// A request for `events` events paced `intervalMicroseconds` apart.
    init(events: Int, intervalMicroseconds: Int) {
        self.events = events
        self.intervalMicroseconds = intervalMicroseconds
    }
}

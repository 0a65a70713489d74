import TapedeckCore

/// One line per request `serve` answered, so a person reproducing a bug sees which recording answered each
/// request, or why none did, without reading the client's errors.
public struct ServeLogLine: Sendable, Hashable, CustomStringConvertible {
    /// The request's method and path, as received.
    public var request: String
    /// The exchange re-served, or nil when none matched.
    public var exchange: ExchangeSummary?
    /// The status sent.
    public var status: Int
    /// Why no recording answered (for a 404 or 500).
    public var reason: String?

    /// Creates a line.
    public init(request: String, exchange: ExchangeSummary?, status: Int, reason: String? = nil) {
        self.request = request
        self.exchange = exchange
        self.status = status
        self.reason = reason
    }

    /// "POST /v1/messages → 3f2a91be0c (session 91be20aa11, turn 2) 200, 32 events, complete" or
    /// "POST /v1/messages → 404: no recorded exchange has this request body (…)".
    public var description: String {
        guard let exchange else { return "\(request) → \(status): \(reason ?? "no recording")" }
        var place: [String] = []
        if let session = exchange.sessionID { place.append("session \(session)") }
        if let turn = exchange.turn { place.append("turn \(turn)") }
        let context = place.isEmpty ? "" : " (\(place.joined(separator: ", ")))"
        var outcome = exchange.outcome.rawValue
        if exchange.outcome == .upstreamDisconnect { outcome += ", cut where it was cut" }
        return "\(request) → \(exchange.id)\(context) \(status), \(exchange.eventCount) events, \(outcome)"
    }
}

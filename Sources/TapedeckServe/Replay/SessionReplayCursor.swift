import TapedeckCore

/// `--match session:ID`: walks a session's exchanges in order, preferring the first unserved exchange whose request
/// matches the incoming one (so retries and out-of-order side requests line up) and falling back to the next
/// unserved exchange after the last one served.
struct SessionReplayCursor: Sendable {
    private let ordered: [ExchangeSummary]
    private let keys: [RequestKey]
    private var served: [Bool]
    private var next = 0

    /// `exchanges` already in session order.
    init(exchanges: [ExchangeSummary]) {
        ordered = exchanges
        keys = exchanges.map { RequestKey(method: $0.method, path: $0.path, body: $0.requestBody) }
        served = Array(repeating: false, count: exchanges.count)
    }

    /// How many exchanges the session has.
    var count: Int { ordered.count }

    /// The id of the exchange that answers `request`, or nil when every exchange was served.
    mutating func take(for request: IncomingRequest) -> String? {
        let key = RequestKey(method: request.method, path: request.path, body: request.body)
        let candidates = Array(next..<ordered.count) + Array(0..<min(next, ordered.count))
        guard
            let index = candidates.first(where: { !served[$0] && keys[$0] == key })
                ?? candidates.first(where: { !served[$0] })
        else { return nil }
        served[index] = true
        next = index + 1
        return ordered[index].id
    }

    /// Starts over (`--loop`).
    mutating func rewind() {
        served = Array(repeating: false, count: ordered.count)
        next = 0
    }
}

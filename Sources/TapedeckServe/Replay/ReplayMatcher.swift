import TapedeckCore

/// Chooses the recorded exchange for each request according to the match mode; the only state is
/// how far each sequence has been consumed.
struct ReplayMatcher: Sendable {
    /// What answers a request: an exchange id, or a reason there is none.
    enum Choice: Equatable {
        case exchange(String)
        case noMatch(String)
    }

    private let mode: ReplayMatchMode
    private let loop: Bool
    private let ordered: [ExchangeSummary]
    private let byKey: [RequestKey: [String]]
    private var consumed: [RequestKey: Int] = [:]
    private var sequenceIndex = 0
    private var sessionCursor: SessionReplayCursor?

    /// `exchanges` in any order; they are served oldest first.
    init(exchanges: [ExchangeSummary], mode: ReplayMatchMode, loop: Bool) {
        self.mode = mode
        self.loop = loop
        self.ordered = exchanges.sorted { ($0.startedAtNanos, $0.id) < ($1.startedAtNanos, $1.id) }
        var byKey: [RequestKey: [String]] = [:]
        if mode == .body {
            for summary in ordered {
                let key = RequestKey(method: summary.method, path: summary.path, body: summary.requestBody)
                byKey[key, default: []].append(summary.id)
            }
        }
        self.byKey = byKey
        if case .session(let id) = mode {
            sessionCursor = SessionReplayCursor(exchanges: ordered.filter { $0.sessionID == id })
        }
    }

    mutating func choose(for request: IncomingRequest) -> Choice {
        switch mode {
        case .exchange(let id):
            guard ordered.contains(where: { $0.id == id }) else {
                return .noMatch("no recorded exchange has id \(id)")
            }
            return .exchange(id)
        case .sequence:
            guard !ordered.isEmpty else { return .noMatch("the database holds no recorded exchanges") }
            if sequenceIndex >= ordered.count {
                guard loop else {
                    return .noMatch(
                        "all \(ordered.count) recorded exchanges have been served in sequence (use --loop to start over)"
                    )
                }
                sequenceIndex = 0
            }
            defer { sequenceIndex += 1 }
            return .exchange(ordered[sequenceIndex].id)
        case .session(let id):
            guard var cursor = sessionCursor, cursor.count > 0 else {
                return .noMatch("no recorded exchange belongs to session \(id)")
            }
            defer { sessionCursor = cursor }
            if let next = cursor.take(for: request) { return .exchange(next) }
            guard loop else {
                return .noMatch(
                    "all \(cursor.count) exchanges of session \(id) have been served (use --loop to start over)")
            }
            cursor.rewind()
            return cursor.take(for: request).map(Choice.exchange) ?? .noMatch("session \(id) has no exchanges")
        case .body:
            let key = RequestKey(method: request.method, path: request.path, body: request.body)
            guard let ids = byKey[key], let last = ids.last else {
                return .noMatch(
                    "no recorded exchange has this request body (\(request.method) \(request.path), JSON key order ignored)"
                )
            }
            let index = consumed[key, default: 0]
            consumed[key] = index + 1
            if index < ids.count { return .exchange(ids[index]) }
            return .exchange(loop ? ids[index % ids.count] : last)
        }
    }
}

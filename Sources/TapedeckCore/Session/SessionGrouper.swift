/// The grouping rules with a bounded memory of recent exchanges: used live by the recorder (one value, on the
/// store's writer thread) and by `regroup` over a whole file, so both group alike.
///
/// Rules, first match wins: an explicit key (Claude Code header, `metadata.user_id`, a `record` run); a retry
/// stays with the attempt it repeats; a request whose messages start with an earlier exchange's messages plus
/// that exchange's answer continues its thread; anything else starts a thread (and, without a key, a session).
public struct SessionGrouper: Sendable {
    /// What the index remembers of one exchange.
    struct Known: Sendable {
        var sessionID: String
        var threadID: String
        var turn: Int
        var startedAtNanos: Int64
        var continuedBy = 0
    }

    /// How long an exchange can be continued (a person may come back to a conversation after a while).
    public let windowNanos: Int64
    /// At most this many exchanges are remembered; the oldest go first.
    public let capacity: Int
    private let makeID: @Sendable () -> String
    private var known: [String: Known] = [:]
    private var continuations: [ConversationDigest: [String]] = [:]
    private var continuationOf: [String: ConversationDigest] = [:]
    private var keyedSessions: [String: String] = [:]
    private var arrival: [(id: String, startedAtNanos: Int64)] = []
    private var arrivalHead = 0
    /// Requests that look like continuations of more than was found for them (nothing, or an earlier turn than
    /// their previous one), with the prefix length found (1 for nothing): checked again at finish, when the
    /// previous turn may have been recorded (it ended at nearly the same moment, or another recorder wrote it).
    private var unmatched: [String: (request: GroupingRequest, heldLength: Int)] = [:]

    /// Creates an empty index (six hours, 100,000 exchanges by default: a few tens of MB at most).
    public init(
        windowNanos: Int64 = 6 * 3_600 * 1_000_000_000, capacity: Int = 100_000,
        makeID: @escaping @Sendable () -> String = { ShortID.generate() }
    ) {
        self.windowNanos = windowNanos
        self.capacity = max(1, capacity)
        self.makeID = makeID
    }

    /// Number of exchanges remembered (bounded by `capacity`).
    public var count: Int { known.count }

    /// Decides where a new exchange belongs and remembers it.
    public mutating func assign(_ request: GroupingRequest) -> SessionAssignment {
        evict(before: request.startedAtNanos &- windowNanos)
        let keyedSession = request.key.flatMap { keyedSessions[$0.value] ?? request.storedSessionForKey }
        var assignment: SessionAssignment
        if let retried = request.retryOf, let attempt = known[retried],
            keyedSession == nil || keyedSession == attempt.sessionID
        {
            assignment = SessionAssignment(
                sessionID: attempt.sessionID, isNewSession: false, grouping: request.key?.grouping ?? .inferred,
                key: request.key, threadID: attempt.threadID, turn: attempt.turn, continues: nil)
            if let parent = parent(of: request, inSession: attempt.sessionID) { assignment.continues = parent.id }
        } else if let parent = parentMatch(of: request, inSession: keyedSession) {
            assignment = SessionAssignment(
                sessionID: parent.known.sessionID, isNewSession: false,
                grouping: request.key?.grouping ?? .inferred, key: request.key, threadID: parent.known.threadID,
                turn: parent.known.turn + 1, continues: parent.id)
            known[parent.id]?.continuedBy += 1
            awaitLongerParent(request, heldLength: parent.length)
        } else {
            let sessionID = keyedSession ?? makeID()
            assignment = SessionAssignment(
                sessionID: sessionID, isNewSession: keyedSession == nil,
                grouping: request.key?.grouping ?? .inferred, key: request.key, threadID: request.exchangeID,
                turn: 1, continues: nil)
            awaitLongerParent(request, heldLength: 1)
        }
        if let key = request.key { keyedSessions[key.value] = assignment.sessionID }
        remember(request.exchangeID, assignment, startedAtNanos: request.startedAtNanos)
        return assignment
    }

    /// Remembers `request` for a second look at finish when a longer prefix of its messages than `heldLength`
    /// could still be another exchange's conversation plus answer.
    private mutating func awaitLongerParent(_ request: GroupingRequest, heldLength: Int) {
        guard Self.longerPrefixes(of: request.conversation, than: heldLength) != nil else { return }
        unmatched[request.exchangeID] = (request, heldLength)
    }

    /// The prefix lengths of `conversation` longer than `heldLength` at which a parent can be (a parent's
    /// conversation plus its answer is at least two messages and never the whole request); nil when none is.
    private static func longerPrefixes(of conversation: RequestConversation?, than heldLength: Int) -> ClosedRange<Int>?
    {
        guard let count = conversation?.messageCount, heldLength + 1 <= count - 1, count >= 3 else { return nil }
        return (heldLength + 1)...(count - 1)
    }

    /// Records that exchange `id` ended with `answer` (the assembled assistant content, nil when none came), so
    /// later requests can continue it. Returns a corrected assignment when the exchange had started a session of
    /// its own but its conversation's previous answer has been recorded since (the two ended at nearly the same
    /// moment): the caller moves the exchange and removes the session it had started, if empty.
    public mutating func finished(
        _ id: String, conversation: RequestConversation?, answer: JSONValue?
    ) -> SessionAssignment? {
        finished(id, continuation: conversation.flatMap { conversation in answer.map(conversation.continuation) })
    }

    /// `finished(_:conversation:answer:)` with the continuation digest already computed (nil when the exchange
    /// had no conversation or no answer), for a caller that also stores it.
    public mutating func finished(_ id: String, continuation: ConversationDigest?) -> SessionAssignment? {
        var corrected: SessionAssignment?
        if let pending = unmatched.removeValue(forKey: id), let current = known[id] {
            // A keyed exchange stays in its session; an inferred one goes where its parent is.
            let session = pending.request.key == nil ? nil : current.sessionID
            if let parent = parentMatch(of: pending.request, inSession: session), parent.id != id,
                parent.length > pending.heldLength
            {
                let request = pending.request
                let assignment = SessionAssignment(
                    sessionID: parent.known.sessionID, isNewSession: false,
                    grouping: request.key?.grouping ?? .inferred, key: request.key, threadID: parent.known.threadID,
                    turn: parent.known.turn + 1, continues: parent.id)
                known[parent.id]?.continuedBy += 1
                known[id] = Known(
                    sessionID: assignment.sessionID, threadID: assignment.threadID, turn: assignment.turn,
                    startedAtNanos: current.startedAtNanos, continuedBy: current.continuedBy)
                corrected = assignment
            }
        }
        if let continuation, known[id] != nil { index(id, continuing: continuation) }
        return corrected
    }

    /// The prefix lengths of `request`'s messages at which an exchange this grouper does not hold would be a
    /// better parent than the one it holds (all of them when it holds none; nil when it holds the best possible,
    /// the previous turn): the caller may look for such exchanges elsewhere (other recorders', in the database)
    /// and `recall` them before `assign`.
    public func prefixLengthsToLookUp(_ request: GroupingRequest) -> ClosedRange<Int>? {
        if let retried = request.retryOf, known[retried] != nil { return nil }
        let keyedSession = request.key.flatMap { keyedSessions[$0.value] ?? request.storedSessionForKey }
        let held = parentMatch(of: request, inSession: keyedSession)?.length ?? 1
        return Self.longerPrefixes(of: request.conversation, than: held)
    }

    /// For unfinished exchange `id` that looks like a continuation of more than was found for it: its
    /// conversation and the prefix lengths still worth looking up elsewhere before `finished`.
    public func pendingLookup(of id: String) -> (conversation: RequestConversation, lengths: ClosedRange<Int>)? {
        guard let pending = unmatched[id], let conversation = pending.request.conversation,
            let lengths = Self.longerPrefixes(of: conversation, than: pending.heldLength)
        else { return nil }
        return (conversation, lengths)
    }

    /// Remembers an exchange grouped elsewhere (by another recorder, an earlier run, or before an import) by the
    /// digest its continuation starts with, so exchanges grouped now can continue its thread.
    public mutating func recall(
        _ id: String, sessionID: String, threadID: String, turn: Int, startedAtNanos: Int64,
        continuation: ConversationDigest?
    ) {
        guard known[id] == nil else { return }
        remember(
            id,
            SessionAssignment(
                sessionID: sessionID, isNewSession: false, grouping: .inferred, key: nil, threadID: threadID,
                turn: turn, continues: nil),
            startedAtNanos: startedAtNanos)
        if let continuation { index(id, continuing: continuation) }
    }

    /// Lets requests whose messages start with `digest` find exchange `id` as their parent.
    private mutating func index(_ id: String, continuing digest: ConversationDigest) {
        continuations[digest, default: []].append(id)
        continuationOf[id] = digest
    }

    /// The remembered exchange whose conversation plus answer is the longest prefix of `request`'s messages;
    /// among equals, one not yet continued, then the most recent.
    private func parent(of request: GroupingRequest, inSession session: String?) -> (id: String, known: Known)? {
        parentMatch(of: request, inSession: session).map { ($0.id, $0.known) }
    }

    /// `parent(of:inSession:)` with the length of the prefix it continues.
    private func parentMatch(
        of request: GroupingRequest, inSession session: String?
    ) -> (id: String, known: Known, length: Int)? {
        guard let conversation = request.conversation, conversation.messageCount > 1 else { return nil }
        for length in stride(from: conversation.messageCount - 1, through: 2, by: -1) {
            guard let candidates = continuations[conversation.prefixDigests[length]] else { continue }
            var best: (id: String, known: Known)?
            for id in candidates.reversed() where id != request.exchangeID {
                guard let candidate = known[id] else { continue }
                if let session, candidate.sessionID != session { continue }
                if best == nil || (best?.known.continuedBy ?? 0) > 0 && candidate.continuedBy == 0 {
                    best = (id, candidate)
                }
                if best?.known.continuedBy == 0 { break }
            }
            if let best { return (best.id, best.known, length) }
        }
        return nil
    }

    private mutating func remember(_ id: String, _ assignment: SessionAssignment, startedAtNanos: Int64) {
        known[id] = Known(
            sessionID: assignment.sessionID, threadID: assignment.threadID, turn: assignment.turn,
            startedAtNanos: startedAtNanos)
        arrival.append((id, startedAtNanos))
        while known.count > capacity, arrivalHead < arrival.count { forget(arrival[arrivalHead].id) }
    }

    private mutating func evict(before oldest: Int64) {
        while arrivalHead < arrival.count, arrival[arrivalHead].startedAtNanos < oldest {
            forget(arrival[arrivalHead].id)
        }
        if arrivalHead > 1_024, arrivalHead * 2 > arrival.count {
            arrival.removeFirst(arrivalHead)
            arrivalHead = 0
        }
    }

    private mutating func forget(_ id: String) {
        arrivalHead += 1
        guard known.removeValue(forKey: id) != nil else { return }
        unmatched[id] = nil
        if let digest = continuationOf.removeValue(forKey: id) {
            continuations[digest]?.removeAll { $0 == id }
            if continuations[digest]?.isEmpty == true { continuations[digest] = nil }
        }
        if keyedSessions.count > capacity { keyedSessions.removeAll(keepingCapacity: true) }
    }
}

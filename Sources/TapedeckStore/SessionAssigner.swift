import Foundation
import TapedeckCore

/// Puts exchanges into sessions inside a write transaction: Core's grouping rules plus the `sessions` rows.
/// The recorder's writer keeps one for the life of the recorder; `regroup` makes one per run. Keyed sessions are
/// found in the database (so recorders writing to one server share them); what infers a session from a
/// conversation's prefix lives here, per recorder.
package struct SessionAssigner {
    private var grouper = SessionGrouper()
    private let configuredKey: SessionKey?
    /// Prefix digests and start of exchanges still open, dropped when they finish.
    private var conversations: [String: (conversation: RequestConversation, startedAtNanos: Int64)] = [:]
    /// At most this many stored exchanges are recalled for one request (the newest; a conversation has few).
    private static let storedCandidateLimit = 200

    /// Ids to give keyed sessions that are not stored yet (`regroup` keeps a Claude Code session's id).
    private let keepingIDs: [String: String]

    /// A grouper for exchanges without a key of their own under `configuredKey` (nil groups them by conversation).
    package init(configuredKey: SessionKey?, keepingIDs: [String: String] = [:]) {
        self.configuredKey = configuredKey
        self.keepingIDs = keepingIDs
    }

    /// Sets the session, thread, turn and parent of `record` (not yet written) and creates or touches its session.
    /// `body` is the parsed request body (nil when it is not JSON).
    mutating func assign(
        _ record: inout ExchangeRecord, headers: [HeaderField], body: JSONValue?, in transaction: any StoreTransaction
    ) throws {
        let conversation = RequestConversation(body: body)
        let key = SessionKey.carried(by: headers, body: body) ?? configuredKey
        let stored = try key.flatMap { key in
            try transaction.sessionID(forKey: key.value) ?? keepingIDs[key.value]
        }
        let request = GroupingRequest(
            exchangeID: record.id, startedAtNanos: record.startedAtNs, conversation: conversation, key: key,
            storedSessionForKey: stored, retryOf: record.retryOf)
        // A keyed session not stored yet has no earlier turns anywhere.
        if let conversation, key == nil || stored != nil, let lengths = grouper.prefixLengthsToLookUp(request) {
            try recallStored(
                parentsOf: conversation, lengths: lengths, since: record.startedAtNs &- grouper.windowNanos,
                session: stored, in: transaction)
        }
        let assignment = grouper.assign(request)
        try touchOrCreate(assignment, startedAtNanos: record.startedAtNs, headers: headers, in: transaction)
        record.sessionId = assignment.sessionID
        record.threadId = assignment.threadID
        record.turn = assignment.turn
        record.continues = assignment.continues
        if let conversation { conversations[record.id] = (conversation, record.startedAtNs) }
    }

    /// Recalls the stored exchanges that `conversation` may continue at one of the prefix `lengths`: those
    /// another recorder (or an earlier run) wrote, which this grouper never held. One indexed query for them all.
    private mutating func recallStored(
        parentsOf conversation: RequestConversation, lengths: ClosedRange<Int>, since: Int64, session: String?,
        in transaction: any StoreTransaction
    ) throws {
        let digests = Array(conversation.prefixDigests[lengths])
        let candidates = try transaction.continuationCandidates(
            digests: digests, since: since, session: session, limit: Self.storedCandidateLimit)
        // Oldest first, so the grouper's "most recent among equals" sees them in the order they happened.
        for candidate in candidates.reversed() {
            grouper.recall(
                candidate.id, sessionID: candidate.sessionID, threadID: candidate.threadID, turn: candidate.turn,
                startedAtNanos: candidate.startedAtNanos, continuation: candidate.digest)
        }
    }

    /// Remembers an exchange grouped before (`record`), so the exchanges grouped now can continue its thread.
    mutating func recall(_ exchange: RecordedExchange) {
        let summary = exchange.summary
        guard let sessionID = summary.sessionID else { return }
        grouper.recall(
            summary.id, sessionID: sessionID, threadID: summary.threadID ?? summary.id, turn: summary.turn ?? 1,
            startedAtNanos: summary.startedAtNanos, continuation: exchange.continuationDigest)
    }

    /// Tells the rules exchange `id` ended with `answer`; moves it when its conversation's previous answer was
    /// recorded only after it began (and removes the session it had started, now empty).
    mutating func finished(_ id: String, answer: JSONValue?, in transaction: any StoreTransaction) throws {
        let open = conversations.removeValue(forKey: id)
        // Its parent may have been written by another recorder since it began (that recorder commits its batches
        // a window after the answer reached the client, which may already have sent this request).
        if let open, let pending = grouper.pendingLookup(of: id) {
            try recallStored(
                parentsOf: pending.conversation, lengths: pending.lengths,
                since: open.startedAtNanos &- grouper.windowNanos, session: nil, in: transaction)
        }
        let continuation = open.flatMap { open in answer.map(open.conversation.continuation) }
        if let continuation { try transaction.setContinuation(id, digest: continuation) }
        guard let corrected = grouper.finished(id, continuation: continuation) else { return }
        let placement = try transaction.placement(of: id)
        let previous = placement?.sessionID
        try transaction.place(
            id, session: corrected.sessionID, thread: corrected.threadID, turn: corrected.turn,
            continues: corrected.continues)
        try touchOrCreate(corrected, startedAtNanos: placement?.startedAtNanos ?? 0, headers: [], in: transaction)
        if let previous, previous != corrected.sessionID { try transaction.deleteSessionIfEmpty(previous) }
    }

    private func touchOrCreate(
        _ assignment: SessionAssignment, startedAtNanos: Int64, headers: [HeaderField],
        in transaction: any StoreTransaction
    ) throws {
        if !assignment.isNewSession, try transaction.touchSession(assignment.sessionID, lastAtNanos: startedAtNanos) {
            return
        }
        let summary = SessionSummary(
            id: assignment.sessionID, key: assignment.key?.value, grouping: assignment.grouping,
            client: ClientName.describe(headers), startedAtNanos: startedAtNanos)
        try transaction.insertSessionIfAbsent(summary)
    }
}

extension SessionAssigner {
    /// Groups the exchanges without a session, oldest first; `keepingIDs` maps session keys to the ids they had.
    /// Exchanges grouped before them (an earlier import, a recorder run) can be continued by them: the grouper
    /// recalls the latest ones of the window before the first ungrouped exchange (at most 1,000).
    package static func groupUngrouped(
        in transaction: any StoreTransaction, keepingIDs: [String: String] = [:]
    ) throws {
        let ids = try transaction.ungroupedExchangeIDs()
        guard let first = ids.first else { return }
        var assigner = SessionAssigner(configuredKey: nil, keepingIDs: keepingIDs)
        if let firstStart = try transaction.placement(of: first)?.startedAtNanos {
            let earlier = try transaction.groupedExchangeIDs(
                from: firstStart &- SessionGrouper().windowNanos, to: firstStart, limit: 1000)
            for id in earlier.reversed() {
                if let exchange = try transaction.recorded(id) { assigner.recall(exchange) }
            }
        }
        for id in ids {
            guard let exchange = try transaction.recorded(id) else { continue }
            let summary = exchange.summary
            var record = ExchangeRecord(summary)
            try assigner.assign(
                &record, headers: summary.requestHeaders, body: try? JSONValue.parse(bytes: summary.requestBody),
                in: transaction)
            try transaction.place(
                id, session: record.sessionId, thread: record.threadId, turn: record.turn, continues: record.continues)
            try assigner.finished(id, answer: ExchangeAssembly.answerContent(exchange), in: transaction)
        }
    }
}

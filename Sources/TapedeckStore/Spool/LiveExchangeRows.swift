import Foundation
import TapedeckCore

/// The rows of the exchanges a recorder has begun and not finished, as last committed: what a spool needs to give
/// an exchange begun on the server a row of its own, so its later events and updates have somewhere to land.
/// Only what the recorder wrote is kept (no invented column), and an exchange is forgotten when it finishes.
struct LiveExchangeRows {
    private struct Live {
        /// The row as inserted, with the columns only the writer sets (retry link, session placement).
        var record: ExchangeRecord
        /// The latest progress written, whose summary supersedes the inserted one.
        var progress: ExchangeProgress?
        /// Drops added to the row since that progress.
        var droppedSince = 0
    }

    private var rows: [String: Live] = [:]

    /// How many exchanges are live.
    var count: Int { rows.count }

    /// Exchange `record.id` began.
    mutating func begin(_ record: ExchangeRecord) {
        rows[record.id] = Live(record: record)
    }

    /// Its progress was written; a finished exchange is forgotten.
    mutating func update(_ progress: ExchangeProgress) {
        let id = progress.summary.id
        guard rows[id] != nil else { return }
        if progress.trailing != nil {
            rows[id] = nil
            return
        }
        rows[id]?.progress = progress
        rows[id]?.droppedSince = 0
    }

    /// `count` lost events were added to its row.
    mutating func addDropped(_ count: Int, exchangeID: String) {
        rows[exchangeID]?.droppedSince += count
    }

    /// Its place in its session was written.
    mutating func place(_ id: String, session: String?, thread: String?, turn: Int?, continues: String?) {
        rows[id]?.record.sessionId = session
        rows[id]?.record.threadId = thread
        rows[id]?.record.turn = turn
        rows[id]?.record.continues = continues
    }

    /// `later` were linked as retries of `earlier`.
    mutating func linkRetries(_ later: [String], to earlier: String) {
        for id in later where rows[id]?.record.retryOf == nil { rows[id]?.record.retryOf = earlier }
    }

    /// The row exchange `id` has in the database it was last written to, nil when it is not live.
    func row(_ id: String) -> ExchangeRecord? {
        guard let live = rows[id] else { return nil }
        guard let progress = live.progress else {
            var record = live.record
            record.droppedEvents += live.droppedSince
            return record
        }
        var record = ExchangeRecord(progress.summary, requestBodySha256: live.record.requestBodySha256)
        record.retryOf = live.record.retryOf
        record.attempt = live.record.attempt
        record.sessionId = live.record.sessionId
        record.threadId = live.record.threadId
        record.turn = live.record.turn
        record.continues = live.record.continues
        record.droppedEvents = progress.droppedEvents + live.droppedSince
        record.note = progress.note
        return record
    }
}

/// A recorder transaction that keeps `LiveExchangeRows` up to date as the writer's operations pass through it,
/// and, on a spool, first gives a live exchange that has no row there yet the row it has on the server.
final class LiveTrackingTransaction: StoreTransaction {
    private let base: any StoreTransaction
    /// The live rows with this transaction's operations applied (the caller keeps them only after a commit).
    private(set) var live: LiveExchangeRows
    /// Exchanges with a row in the spool this writes into; nil when it writes into the server.
    private(set) var present: Set<String>?

    /// Operations on `base` tracked into `live`; `present` is given when `base` is a spool's transaction.
    init(base: any StoreTransaction, live: LiveExchangeRows, present: Set<String>?) {
        self.base = base
        self.live = live
        self.present = present
    }

    var wasRolledBack: Bool { base.wasRolledBack }

    /// On a spool, inserts the row of live exchange `id` when the spool has none yet.
    private func seed(_ id: String) throws {
        guard let known = present, !known.contains(id), let row = live.row(id) else { return }
        try base.insertExchange(row)
        present?.insert(id)
    }

    func retryCandidate(
        sha256: String, method: String, path: String, excludingID: String, from: Int64, to: Int64
    ) throws -> RetryCandidate? {
        try base.retryCandidate(
            sha256: sha256, method: method, path: path, excludingID: excludingID, from: from, to: to)
    }

    func insertExchange(_ record: ExchangeRecord) throws {
        try base.insertExchange(record)
        live.begin(record)
        present?.insert(record.id)
    }

    func insertEvents(_ events: [RecordedEvent], exchangeID: String, failed: (any Error) -> Void) throws -> Int {
        try seed(exchangeID)
        return try base.insertEvents(events, exchangeID: exchangeID, failed: failed)
    }

    func updateProgress(_ progress: ExchangeProgress) throws {
        try seed(progress.summary.id)
        try base.updateProgress(progress)
        live.update(progress)
    }

    func addDroppedEvents(_ count: Int, exchangeID: String) throws {
        try seed(exchangeID)
        try base.addDroppedEvents(count, exchangeID: exchangeID)
        live.addDropped(count, exchangeID: exchangeID)
    }

    func linkRetries(_ later: [String], to earlier: String) throws {
        for id in later { try seed(id) }
        try base.linkRetries(later, to: earlier)
        live.linkRetries(later, to: earlier)
    }

    func sessionID(forKey key: String) throws -> String? { try base.sessionID(forKey: key) }

    func touchSession(_ id: String, lastAtNanos: Int64) throws -> Bool {
        try base.touchSession(id, lastAtNanos: lastAtNanos)
    }

    func insertSessionIfAbsent(_ summary: SessionSummary) throws { try base.insertSessionIfAbsent(summary) }

    func placement(of id: String) throws -> (sessionID: String?, startedAtNanos: Int64)? {
        try seed(id)
        return try base.placement(of: id)
    }

    func place(_ id: String, session: String?, thread: String?, turn: Int?, continues: String?) throws {
        try seed(id)
        try base.place(id, session: session, thread: thread, turn: turn, continues: continues)
        live.place(id, session: session, thread: thread, turn: turn, continues: continues)
    }

    func deleteSessionIfEmpty(_ id: String) throws { try base.deleteSessionIfEmpty(id) }

    func setContinuation(_ id: String, digest: ConversationDigest) throws {
        try seed(id)
        try base.setContinuation(id, digest: digest)
    }

    func continuationCandidates(
        digests: [ConversationDigest], since: Int64, session: String?, limit: Int
    ) throws -> [StoredContinuation] {
        try base.continuationCandidates(digests: digests, since: since, session: session, limit: limit)
    }

    func ungroupedExchangeIDs() throws -> [String] { try base.ungroupedExchangeIDs() }

    func groupedExchangeIDs(from: Int64, to: Int64, limit: Int) throws -> [String] {
        try base.groupedExchangeIDs(from: from, to: to, limit: limit)
    }

    func recorded(_ id: String) throws -> RecordedExchange? {
        try seed(id)
        return try base.recorded(id)
    }
}

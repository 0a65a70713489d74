import TapedeckCore

/// The row operations the recorder's writer, the session grouping and `regroup` perform inside one transaction,
/// on whichever database: what is SQL stays in each backend, what is policy (retries, losses, sessions) is shared.
package protocol StoreTransaction {
    /// Whether the database ended the transaction itself after a failed statement (SQLite rolls back on a full
    /// disk or an I/O error): the batch failed as a whole, and nothing more may run, as it would run outside it.
    var wasRolledBack: Bool { get }
    /// The newest exchange other than `excludingID` with this request fingerprint started in `[from, to]`.
    func retryCandidate(
        sha256: String, method: String, path: String, excludingID: String, from: Int64, to: Int64
    ) throws -> RetryCandidate?
    /// Inserts a new exchange row.
    func insertExchange(_ record: ExchangeRecord) throws
    /// Stores `events` of exchange `exchangeID`; returns how many were written, calling `failed` for each refused.
    func insertEvents(_ events: [RecordedEvent], exchangeID: String, failed: (any Error) -> Void) throws -> Int
    /// Writes the progress of a running or finished exchange (`trailing` only when it finished).
    func updateProgress(_ progress: ExchangeProgress) throws
    /// Adds `count` lost events to an exchange's `dropped_events`.
    func addDroppedEvents(_ count: Int, exchangeID: String) throws
    /// Links `later` exchanges (not linked yet) to the failed `earlier` one and renumbers the chain's attempts.
    func linkRetries(_ later: [String], to earlier: String) throws

    /// The id of the stored session with this key; backends with several writers serialise the key until commit.
    func sessionID(forKey key: String) throws -> String?
    /// Moves session `id`'s last activity to `lastAtNanos` if later; returns whether the session exists.
    func touchSession(_ id: String, lastAtNanos: Int64) throws -> Bool
    /// Inserts a session row, doing nothing when its id (or key) is already stored.
    func insertSessionIfAbsent(_ summary: SessionSummary) throws
    /// The session and start time of exchange `id`, or nil when it is not stored.
    func placement(of id: String) throws -> (sessionID: String?, startedAtNanos: Int64)?
    /// Writes exchange `id`'s place in its session.
    func place(_ id: String, session: String?, thread: String?, turn: Int?, continues: String?) throws
    /// Deletes session `id` when no exchange belongs to it any more.
    func deleteSessionIfEmpty(_ id: String) throws
    /// Stores the digest a continuation of exchange `id` starts with, so recorders that never held it in memory
    /// find it (`continuationCandidates`).
    func setContinuation(_ id: String, digest: ConversationDigest) throws
    /// Grouped exchanges started at or after `since` whose stored continuation digest is one of `digests`, newest
    /// first, at most `limit`; only those of session `session` when it is given.
    func continuationCandidates(
        digests: [ConversationDigest], since: Int64, session: String?, limit: Int
    ) throws -> [StoredContinuation]

    /// Ids of exchanges without a session, oldest first.
    func ungroupedExchangeIDs() throws -> [String]
    /// Ids of grouped exchanges started in `[from, to]`, newest first, at most `limit`.
    func groupedExchangeIDs(from: Int64, to: Int64, limit: Int) throws -> [String]
    /// Exchange `id` with its events.
    func recorded(_ id: String) throws -> RecordedExchange?
}

/// An earlier exchange with the same request: what a new one links to as a retry.
package struct RetryCandidate: Sendable {
    /// Its id.
    package var id: String
    /// Its attempt number.
    package var attempt: Int
    /// Its outcome as stored.
    package var outcome: String

    /// A candidate row.
    package init(id: String, attempt: Int, outcome: String) {
        self.id = id
        self.attempt = attempt
        self.outcome = outcome
    }
}

/// A grouped exchange another request may continue, as stored: what the grouping rules recall of it.
package struct StoredContinuation: Sendable, Equatable {
    /// Its id.
    package var id: String
    /// Its session.
    package var sessionID: String
    /// Its thread (its own id when it started one).
    package var threadID: String
    /// Its turn in the thread.
    package var turn: Int
    /// When it started.
    package var startedAtNanos: Int64
    /// The digest its continuation starts with.
    package var digest: ConversationDigest

    /// A candidate row.
    package init(
        id: String, sessionID: String, threadID: String, turn: Int, startedAtNanos: Int64, digest: ConversationDigest
    ) {
        self.id = id
        self.sessionID = sessionID
        self.threadID = threadID
        self.turn = turn
        self.startedAtNanos = startedAtNanos
        self.digest = digest
    }
}

/// The columns the recorder rewrites as an exchange progresses and when it ends.
package struct ExchangeProgress: Sendable {
    /// The exchange as the proxy sees it now.
    package var summary: ExchangeSummary
    /// Its lost events: the proxy's own count plus the store's.
    package var droppedEvents: Int
    /// Its note with the writer's note on a loss.
    package var note: String?
    /// The bytes after its last complete event and their offset, once it finished.
    package var trailing: (bytes: [UInt8], offsetNanos: Int64?)?
}

extension StoreTransaction {
    /// A transaction the database never ends on its own (PostgreSQL's is replayed by `PostgresTransaction`).
    package var wasRolledBack: Bool { false }
}

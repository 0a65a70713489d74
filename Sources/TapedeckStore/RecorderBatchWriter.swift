import Foundation
import TapedeckCore

/// The recorder's writer-thread state and SQL: applies one batch of operations in one transaction.
struct RecorderBatchWriter {
    /// What one batch did, for the recorder's statistics.
    struct BatchOutcome {
        var writtenEvents = 0
        var droppedEvents = 0
        var errors = 0
        var committed = false
        var lastError: String?
    }

    private var database: any RecorderDatabase
    /// The latest summary of every exchange begun and not finished: what a new file needs to carry them on.
    private var openExchanges: [String: ExchangeSummary] = [:]
    private let retryWindowNanos: Int64
    /// Events the store dropped per still-open exchange, added to the caller's own `droppedEvents`.
    private var dropsByExchange: [String: Int] = [:]
    /// Exchanges whose row was in an abandoned batch: written by their next operation, with their losses.
    private var unwrittenRows: [String: ExchangeSummary] = [:]
    /// What the row of such an exchange says about its loss, kept on every later update of the row.
    private var lossNotes: [String: String] = [:]
    /// Exchanges that began while an identical earlier request was still running: linked if that one fails.
    private var pendingRetryLinks: [String: [String]] = [:]
    /// Groups exchanges into sessions as they begin (and checks again when they finish); nil when off.
    private var sessions: SessionAssigner?

    init(database: any RecorderDatabase, retryWindowNanos: Int64, sessions: SessionAssigner?) {
        self.database = database
        self.retryWindowNanos = retryWindowNanos
        self.sessions = sessions
    }

    /// A writer into the SQLite file of `store`.
    init(store: TapedeckStore, retryWindowNanos: Int64, sessions: SessionAssigner?) {
        self.init(
            database: SQLiteRecorderDatabase(store: store), retryWindowNanos: retryWindowNanos, sessions: sessions)
    }

    /// When the database file was deleted or replaced under the recorder (the store still writes to the old
    /// inode, which nobody will read), starts a new file at the path and returns what to tell the user; the
    /// exchanges still open get their rows in the new file with their next write, noting what went with the old.
    mutating func replaceFileIfGone() -> String? {
        switch database.replacementIfGone() {
        case nil:
            return nil
        case .failed(let notice):
            return notice
        case .replaced(let replacement, _):
            database = replacement
        }
        let path = database.location
        for (id, summary) in openExchanges {
            unwrittenRows[id] = summary
            lossNotes[id] =
                "the database file was deleted while this exchange was recorded; what was written before went with it"
        }
        return "the database file \(path) was deleted or replaced while recording; recording goes on in a new file "
            + "there (\(openExchanges.count) exchange(s) in progress continue in it without their earlier events)"
    }

    /// Gives up on a batch the database kept refusing: its events are counted against their exchanges, and an
    /// exchange whose row it would have created is remembered so its next operation creates the row (with the
    /// loss on it) instead of being lost with it. Returns the events lost.
    mutating func abandon(_ batch: ArraySlice<ExchangeRecorder.Operation>, drops: [String: Int]) -> Int {
        var lost = 0
        for operation in batch {
            switch operation {
            case .begin(let summary):
                unwrittenRows[summary.id] = summary
            case .append(let exchangeID, let events):
                dropsByExchange[exchangeID, default: 0] += events.count
                lost += events.count
            case .update(let summary), .finish(let summary, _, _, _):
                if unwrittenRows[summary.id] != nil { unwrittenRows[summary.id] = summary }
            case .flush:
                break
            }
        }
        for (exchangeID, count) in drops {
            dropsByExchange[exchangeID, default: 0] += count
            lost += count
        }
        return lost
    }

    /// Writes `batch` and the queue-overflow `drops` in one transaction; never throws. When the transaction
    /// fails, `committed` is false, `lastError` says why and this writer is unchanged (a batch with nothing to
    /// write is not committed and has no error).
    mutating func write(_ batch: ArraySlice<ExchangeRecorder.Operation>, drops: [String: Int]) -> BatchOutcome {
        var outcome = BatchOutcome()
        let hasWork = batch.contains { if case .flush = $0 { return false } else { return true } } || !drops.isEmpty
        guard hasWork else { return outcome }
        var state = self
        do {
            let database = self.database
            try database.transaction { transaction in
                for operation in batch {
                    do {
                        try state.apply(operation, in: transaction, outcome: &outcome)
                    } catch {
                        // Statements after a failure that ended the transaction would each commit on their own:
                        // the batch fails whole (retried, or counted when given up), never in part.
                        if transaction.wasRolledBack { throw error }
                        outcome.errors += 1
                        outcome.lastError = database.describe(error, operation: "recording")
                    }
                }
                for (exchangeID, count) in drops {
                    state.dropsByExchange[exchangeID, default: 0] += count
                    try transaction.addDroppedEvents(count, exchangeID: exchangeID)
                }
            }
            outcome.committed = true
            self = state
        } catch {
            // Nothing of the batch was kept and nothing is decided here: the caller retries the same batch on
            // this unchanged state, or gives up with `abandon`.
            outcome = BatchOutcome()
            outcome.lastError = database.describe(error, operation: "recording")
        }
        return outcome
    }

    private mutating func apply(
        _ operation: ExchangeRecorder.Operation, in transaction: any StoreTransaction, outcome: inout BatchOutcome
    ) throws {
        if let id = operation.exchangeID, let lost = unwrittenRows.removeValue(forKey: id) {
            var summary = lost
            summary.outcome = .inProgress
            if lossNotes[id] == nil {
                lossNotes[id] = "the database refused this exchange's first writes; what they held is lost"
            }
            summary.note = Self.note(summary.note, lossNotes[id])
            try begin(summary, in: transaction)
        }
        switch operation {
        case .begin(let summary):
            openExchanges[summary.id] = summary
            try begin(summary, in: transaction)
        case .append(let exchangeID, let events):
            var refused = 0
            var lastError: String?
            let database = self.database
            outcome.writtenEvents += try transaction.insertEvents(events, exchangeID: exchangeID) { error in
                refused += 1
                lastError = database.describe(error, operation: "recording events")
            }
            if refused > 0 {
                outcome.droppedEvents += refused
                outcome.errors += refused
                outcome.lastError = lastError
                dropsByExchange[exchangeID, default: 0] += refused
            }
        case .update(let summary):
            openExchanges[summary.id] = summary
            try transaction.updateProgress(progress(summary, trailing: nil))
        case .finish(let summary, let trailing, let trailingOffsetNanos, let answer):
            try transaction.updateProgress(progress(summary, trailing: (trailing, trailingOffsetNanos)))
            try sessions?.finished(summary.id, answer: answer, in: transaction)
            dropsByExchange[summary.id] = nil
            lossNotes[summary.id] = nil
            openExchanges[summary.id] = nil
            if let later = pendingRetryLinks.removeValue(forKey: summary.id), summary.outcome.isFailure {
                try transaction.linkRetries(later, to: summary.id)
            }
        case .flush:
            break
        }
    }

    private mutating func begin(_ summary: ExchangeSummary, in transaction: any StoreTransaction) throws {
        // One parse of the body serves the retry fingerprint and the session grouping.
        let body = CanonicalBody.read(summary.requestBody)
        var record = ExchangeRecord(summary, requestBodySha256: SHA256.hex(body.canonical))
        record.outcome = ExchangeOutcome.inProgress.rawValue
        if summary.retryOf == nil {
            let candidate = try transaction.retryCandidate(
                sha256: record.requestBodySha256, method: summary.method, path: summary.path, excludingID: summary.id,
                from: summary.startedAtNanos &- retryWindowNanos, to: summary.startedAtNanos)
            if let candidate {
                let previous = ExchangeOutcome(rawValue: candidate.outcome) ?? .interrupted
                if previous == .inProgress {
                    pendingRetryLinks[candidate.id, default: []].append(summary.id)
                } else if previous.isFailure {
                    record.retryOf = candidate.id
                    record.attempt = candidate.attempt + 1
                }
            }
        }
        try sessions?.assign(&record, headers: summary.requestHeaders, body: body.json, in: transaction)
        try transaction.insertExchange(record)
    }

    /// The row's note with the writer's own note on a loss appended.
    private static func note(_ note: String?, _ loss: String?) -> String? {
        guard let loss else { return note }
        guard let note, !note.isEmpty else { return loss }
        return note + "; " + loss
    }

    private func progress(_ summary: ExchangeSummary, trailing: ([UInt8], Int64?)?) -> ExchangeProgress {
        ExchangeProgress(
            summary: summary, droppedEvents: summary.droppedEvents + dropsByExchange[summary.id, default: 0],
            note: Self.note(summary.note, lossNotes[summary.id]),
            trailing: trailing.map { (bytes: $0.0, offsetNanos: $0.1) })
    }
}

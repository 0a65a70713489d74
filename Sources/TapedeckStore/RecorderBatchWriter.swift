import Foundation
import GRDB
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

    private var store: TapedeckStore
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

    init(store: TapedeckStore, retryWindowNanos: Int64, sessions: SessionAssigner?) {
        self.store = store
        self.retryWindowNanos = retryWindowNanos
        self.sessions = sessions
    }

    private static let retryCandidateSQL = """
        SELECT id, attempt, outcome FROM exchanges
        WHERE request_body_sha256 = ? AND method = ? AND path = ? AND id != ?
          AND started_at_ns >= ? AND started_at_ns <= ?
        ORDER BY started_at_ns DESC, id DESC LIMIT 1
        """

    private static let progressColumns = """
        status = ?, response_headers = ?, is_streaming = ?, model = ?, stop_reason = ?, outcome = ?,
        first_byte_ns = ?, ttft_ns = ?, duration_ns = ?, input_tokens = ?, output_tokens = ?,
        cache_creation_input_tokens = ?, cache_read_input_tokens = ?, event_count = ?, error_type = ?,
        error_message = ?, dropped_events = ?, note = ?
        """

    private static let updateSQL = "UPDATE exchanges SET \(progressColumns) WHERE id = ?"
    private static let finishSQL =
        "UPDATE exchanges SET \(progressColumns), trailing_bytes = ?, trailing_offset_ns = ? WHERE id = ?"

    /// Renumbers the attempts of every exchange after `?` in its chain.
    private static let renumberSQL = """
        WITH RECURSIVE chain(id, attempt, depth) AS (
            SELECT id, attempt, 0 FROM exchanges WHERE id = ?
            UNION
            SELECT s.id, chain.attempt + 1, chain.depth + 1 FROM exchanges s JOIN chain ON s.retry_of = chain.id
            WHERE chain.depth < 10000
        )
        UPDATE exchanges SET attempt = (SELECT chain.attempt FROM chain WHERE chain.id = exchanges.id)
        WHERE id IN (SELECT id FROM chain WHERE depth > 0)
        """

    /// When the database file was deleted or replaced under the recorder (the store still writes to the old
    /// inode, which nobody will read), starts a new file at the path and returns what to tell the user; the
    /// exchanges still open get their rows in the new file with their next write, noting what went with the old.
    mutating func replaceFileIfGone() -> String? {
        guard !store.isReadOnly, !store.fileIsStillAtPath else { return nil }
        let path = store.path
        do {
            store = try TapedeckStore(path: path)
        } catch {
            return "the database file \(path) was deleted or replaced while recording, and a new one could not be "
                + "made there (\(error)); recording stops, forwarding goes on"
        }
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
            try store.database.write { db in
                for operation in batch {
                    do {
                        try state.apply(operation, db: db, outcome: &outcome)
                    } catch {
                        outcome.errors += 1
                        outcome.lastError =
                            StoreError.wrappingWrite(error, path: store.path, operation: "recording").description
                    }
                }
                for (exchangeID, count) in drops {
                    state.dropsByExchange[exchangeID, default: 0] += count
                    try db.execute(
                        sql: "UPDATE exchanges SET dropped_events = dropped_events + ? WHERE id = ?",
                        arguments: [count, exchangeID])
                }
            }
            outcome.committed = true
            self = state
        } catch {
            // Nothing of the batch was kept and nothing is decided here: the caller retries the same batch on
            // this unchanged state, or gives up with `abandon`.
            outcome = BatchOutcome()
            outcome.lastError = StoreError.wrappingWrite(error, path: store.path, operation: "recording").description
        }
        return outcome
    }

    private mutating func apply(
        _ operation: ExchangeRecorder.Operation, db: Database, outcome: inout BatchOutcome
    ) throws {
        if let id = operation.exchangeID, let lost = unwrittenRows.removeValue(forKey: id) {
            var summary = lost
            summary.outcome = .inProgress
            if lossNotes[id] == nil {
                lossNotes[id] = "the database refused this exchange's first writes; what they held is lost"
            }
            summary.note = Self.note(summary.note, lossNotes[id])
            try begin(summary, db: db)
        }
        switch operation {
        case .begin(let summary):
            openExchanges[summary.id] = summary
            try begin(summary, db: db)
        case .append(let exchangeID, let events):
            let inserter = try EventInserter(db)
            for event in events {
                do {
                    try inserter.insert(exchangeID: exchangeID, event: event)
                    outcome.writtenEvents += 1
                } catch {
                    outcome.droppedEvents += 1
                    outcome.errors += 1
                    outcome.lastError =
                        StoreError.wrappingWrite(error, path: store.path, operation: "recording events")
                        .description
                    dropsByExchange[exchangeID, default: 0] += 1
                }
            }
        case .update(let summary):
            openExchanges[summary.id] = summary
            let statement = try db.cachedStatement(sql: Self.updateSQL)
            try statement.execute(arguments: progressArguments(summary) + [summary.id])
        case .finish(let summary, let trailing, let trailingOffsetNanos, let answer):
            let statement = try db.cachedStatement(sql: Self.finishSQL)
            try statement.execute(
                arguments: progressArguments(summary) + [Data(trailing), trailingOffsetNanos, summary.id])
            try sessions?.finished(summary.id, answer: answer, db: db)
            dropsByExchange[summary.id] = nil
            lossNotes[summary.id] = nil
            openExchanges[summary.id] = nil
            if let later = pendingRetryLinks.removeValue(forKey: summary.id), summary.outcome.isFailure {
                try link(later, to: summary.id, db: db)
            }
        case .flush:
            break
        }
    }

    private mutating func begin(_ summary: ExchangeSummary, db: Database) throws {
        // One parse of the body serves the retry fingerprint and the session grouping.
        let body = CanonicalBody.read(summary.requestBody)
        var record = ExchangeRecord(summary, requestBodySha256: SHA256.hex(body.canonical))
        record.outcome = ExchangeOutcome.inProgress.rawValue
        if summary.retryOf == nil {
            let row = try Row.fetchOne(
                db, sql: Self.retryCandidateSQL,
                arguments: [
                    record.requestBodySha256, summary.method, summary.path, summary.id,
                    summary.startedAtNanos &- retryWindowNanos, summary.startedAtNanos,
                ])
            if let row {
                let candidate: String = row["id"]
                let candidateOutcome: String = row["outcome"]
                let previous = ExchangeOutcome(rawValue: candidateOutcome) ?? .interrupted
                if previous == .inProgress {
                    pendingRetryLinks[candidate, default: []].append(summary.id)
                } else if previous.isFailure {
                    record.retryOf = candidate
                    record.attempt = (row["attempt"] as Int) + 1
                }
            }
        }
        try sessions?.assign(&record, headers: summary.requestHeaders, body: body.json, db: db)
        try record.insert(db)
    }

    /// Links exchanges that began while `earlier` was running, now that it failed, and renumbers their chains.
    private func link(_ later: [String], to earlier: String, db: Database) throws {
        for id in later {
            try db.execute(
                sql: "UPDATE exchanges SET retry_of = ? WHERE id = ? AND retry_of IS NULL", arguments: [earlier, id])
        }
        try db.execute(sql: Self.renumberSQL, arguments: [earlier])
    }

    /// The row's note with the writer's own note on a loss appended.
    private static func note(_ note: String?, _ loss: String?) -> String? {
        guard let loss else { return note }
        guard let note, !note.isEmpty else { return loss }
        return note + "; " + loss
    }

    private func progressArguments(_ summary: ExchangeSummary) -> StatementArguments {
        let dropped = summary.droppedEvents + dropsByExchange[summary.id, default: 0]
        return [
            summary.status, HeaderCoding.encode(summary.responseHeaders), summary.isStreaming, summary.model,
            summary.stopReason, summary.outcome.rawValue, summary.firstByteNanos, summary.ttftNanos,
            summary.durationNanos, summary.inputTokens, summary.outputTokens, summary.cacheCreationInputTokens,
            summary.cacheReadInputTokens, summary.eventCount, summary.errorType, summary.errorMessage, dropped,
            Self.note(summary.note, lossNotes[summary.id]),
        ]
    }
}

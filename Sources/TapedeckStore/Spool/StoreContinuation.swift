import TapedeckCore

/// Carrying on, in the store, an exchange it holds unfinished with the rest of its recording made elsewhere (a
/// recorder's spool while the server was away): the events it lacks are added by sequence number and its row
/// takes the later state. Anything else that shares the id is a conflict, left as it is.
package enum StoreContinuation {
    /// Whether `later`, recorded elsewhere, carries on `stored`: the same request, stored while still streaming
    /// (`in_progress`, or `interrupted` by a recorder that found it so while this one was away).
    package static func continues(_ stored: ExchangeSummary, with later: ExchangeSummary) -> Bool {
        (stored.outcome == .inProgress || stored.outcome == .interrupted) && stored.id == later.id
            && stored.startedAtNanos == later.startedAtNanos && stored.method == later.method
            && stored.path == later.path && stored.requestBody == later.requestBody
            && later.eventCount >= stored.eventCount
    }

    /// Adds the events of `exchange` that `transaction`'s store lacks and writes its row as `exchange` has it;
    /// returns how many events were added, or nil (nothing written) when the stored exchange is not one that
    /// `exchange` continues, or an event both hold differs.
    package static func apply(_ exchange: RecordedExchange, in transaction: any StoreTransaction) throws -> Int? {
        let summary = exchange.summary
        guard let stored = try transaction.recorded(summary.id), continues(stored.summary, with: summary) else {
            return nil
        }
        var storedBySequence: [Int: RecordedEvent] = [:]
        for event in stored.events { storedBySequence[event.sequence] = event }
        var fresh: [RecordedEvent] = []
        for event in exchange.events {
            if let known = storedBySequence[event.sequence] {
                guard known == event else { return nil }
            } else {
                fresh.append(event)
            }
        }
        var refused: (any Error)?
        _ = try transaction.insertEvents(fresh, exchangeID: summary.id) { error in refused = refused ?? error }
        if let refused { throw refused }
        let finished = summary.outcome != .inProgress
        try transaction.updateProgress(
            ExchangeProgress(
                summary: summary, droppedEvents: summary.droppedEvents, note: summary.note,
                trailing: finished ? (exchange.trailingBytes, exchange.trailingOffsetNanos) : nil))
        if summary.sessionID != nil {
            try transaction.place(
                summary.id, session: summary.sessionID, thread: summary.threadID, turn: summary.turn,
                continues: summary.continues)
        }
        if finished, summary.sessionID != nil { try transaction.storeContinuation(of: exchange) }
        return fresh.count
    }
}

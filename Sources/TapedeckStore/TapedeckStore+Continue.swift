import TapedeckCore

extension TapedeckStore {
    /// Carries on exchange `exchange.summary.id`, stored unfinished, with the rest of its recording (see
    /// `StoreContinuation`), in one transaction; returns the events added, or nil when it is not a continuation.
    public func continueRecording(_ exchange: RecordedExchange) throws(StoreError) -> Int? {
        try write("continuing exchange \(exchange.summary.id)") { db in
            try StoreContinuation.apply(exchange, in: SQLiteTransaction(db: db))
        }
    }
}

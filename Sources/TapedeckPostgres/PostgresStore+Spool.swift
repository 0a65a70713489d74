import TapedeckCore
import TapedeckStore

extension PostgresStore {
    /// A batched writer into this server that, while the server cannot be reached mid-run, records into a local
    /// spool and uploads it when the server answers again (see `SpoolingRecorderDatabase`).
    package func makeRecorder(
        configuration: ExchangeRecorder.Configuration, onNotice: (@Sendable (String) -> Void)?, spool: RecorderSpool
    ) -> ExchangeRecorder {
        let database = SpoolingRecorderDatabase(
            server: PostgresRecorderDatabase(settings: settings, partitions: partitions), spool: spool,
            unreachable: { PostgresErrorText.isConnectionLoss($0) ? PostgresErrorText.reason($0) : nil },
            onNotice: onNotice)
        return ExchangeRecorder(database: database, lock: nil, configuration: configuration, onNotice: onNotice)
    }

    /// Carries on exchange `exchange.summary.id`, stored unfinished, with the rest of its recording (see
    /// `StoreContinuation`), in one transaction; returns the events added, or nil when it is not a continuation.
    public func continueRecording(_ exchange: RecordedExchange) async throws(StoreError) -> Int? {
        try await write("continuing exchange \(exchange.summary.id)") { transaction, _ in
            try StoreContinuation.apply(exchange, in: transaction)
        }
    }
}

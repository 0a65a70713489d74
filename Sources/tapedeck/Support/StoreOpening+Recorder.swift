import TapedeckPostgres
import TapedeckStore

extension StoreOpening {
    /// The recorder for `store`; a server's records into `spool` while it cannot be reached mid-run (an SQLite
    /// file is never away, so it has no spool).
    static func makeRecorder(
        _ store: any RecordingStore, configuration: ExchangeRecorder.Configuration,
        onNotice: @escaping @Sendable (String) -> Void, spool: RecorderSpool?
    ) -> ExchangeRecorder {
        if let spool, let server = store as? PostgresStore {
            return server.makeRecorder(configuration: configuration, onNotice: onNotice, spool: spool)
        }
        return store.makeRecorder(configuration: configuration, onNotice: onNotice)
    }
}

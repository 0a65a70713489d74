import PostgresNIO
import TapedeckStore

/// The recorder's database on PostgreSQL: one connection of its own, which holds the live-recorder advisory lock
/// shared while it is open (so `markInterruptedExchanges` elsewhere leaves this recorder's exchanges alone), and
/// is opened again after the server went away; a batch that fails meanwhile is retried by the recorder.
struct PostgresRecorderDatabase: RecorderDatabase {
    private let connection: BlockingConnection
    private let partitions: PartitionCache

    /// A recorder database for `settings`' server; it connects at the first batch.
    init(settings: PostgresSettings, partitions: PartitionCache) {
        connection = BlockingConnection(settings: settings) { connection in
            try connection.query("SELECT pg_advisory_lock_shared(\(PostgresSchema.recorderLock))")
        }
        self.partitions = partitions
    }

    var location: String { connection.location }

    func transaction(_ body: (any StoreTransaction) throws -> Void) throws {
        do {
            try connection.transaction {
                let transaction = PostgresTransaction(connection: connection, partitions: partitions)
                try body(transaction)
                try transaction.flush()
            }
        } catch {
            // A partition created in the rolled-back transaction is gone again.
            partitions.reset()
            throw error
        }
    }

    func describe(_ error: any Error, operation: String) -> String {
        PostgresErrorText.storeError(error, location: location, operation: operation).description
    }

    func replacementIfGone() -> RecorderDatabaseReplacement? { nil }

    func close() { connection.disconnect() }
}

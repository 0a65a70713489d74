import Foundation
import PostgresNIO
import TapedeckCore
import TapedeckStore

/// The team store: recordings on a PostgreSQL server, the same tables and meanings as the SQLite file. Reads go
/// through PostgresNIO's pooled `PostgresClient` (run off a task of its own); writes (imports, `regroup`, the
/// recorder) go through one connection on a thread that may block, in one transaction each.
public final class PostgresStore: RecordingStore {
    /// The server URL without its password.
    public let location: String
    /// Whether this store refuses writes (and never migrated the schema).
    public let isReadOnly: Bool
    let settings: PostgresSettings
    let client: PostgresClient
    private let runner: Task<Void, Never>
    /// The events partitions known to exist.
    let partitions = PartitionCache()

    private init(settings: PostgresSettings, readOnly: Bool) {
        self.settings = settings
        location = settings.location.description
        isReadOnly = readOnly
        let client = PostgresClient(configuration: settings.clientConfiguration())
        self.client = client
        runner = Task { await client.run() }
    }

    /// Connects to `url` (`postgres://USER[:PASSWORD]@HOST:PORT/DB[?sslmode=…]`), then creates or upgrades the
    /// schema (under an advisory lock, so recorders starting together migrate once) unless `readOnly`, which
    /// instead requires a tapedeck schema to be there already. Errors show the URL without its password.
    public static func open(
        url: String, readOnly: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws(StoreError) -> PostgresStore {
        let location: PostgresLocation
        do {
            location = try PostgresLocation(url: url, environment: environment)
        } catch {
            // Not `cannotOpen`: a URL that cannot be used is the user's to fix, not a server that is away.
            throw StoreError.database(operation: "reading --db", reason: "\(error)")
        }
        return try await prepared(PostgresStore(settings: PostgresSettings(location: location), readOnly: readOnly))
    }

    /// Another store on the same server and database (another process would open it the same way).
    package func reopened(readOnly: Bool) async throws(StoreError) -> PostgresStore {
        try await Self.prepared(PostgresStore(settings: settings, readOnly: readOnly))
    }

    /// `store` with its schema checked (and migrated when it may write), closed again when that fails.
    private static func prepared(_ store: PostgresStore) async throws(StoreError) -> PostgresStore {
        do {
            try await store.prepareSchema()
        } catch {
            try? await store.close()
            throw error
        }
        return store
    }

    /// Runs one statement outside any transaction on `url`'s database (tools and benchmarks: CREATE DATABASE).
    package static func execute(_ sql: String, url: String) async throws {
        let settings = PostgresSettings(location: try PostgresLocation(url: url))
        try await BlockingThread.run {
            let connection = BlockingConnection(settings: settings)
            defer { connection.disconnect() }
            try connection.query(PostgresQuery(unsafeSQL: sql))
        }
    }

    /// A store for `url` that has not connected yet (its schema unchecked): for a recorder whose server is away.
    package static func unopened(url: String) throws -> PostgresStore {
        PostgresStore(settings: PostgresSettings(location: try PostgresLocation(url: url)), readOnly: false)
    }

    /// Checks the schema and, for a writable store, applies the migrations it lacks.
    private func prepareSchema() async throws(StoreError) {
        let settings = self.settings
        let location = self.location
        let readOnly = isReadOnly
        do {
            try await BlockingThread.run {
                let connection = BlockingConnection(settings: settings)
                defer { connection.disconnect() }
                try PostgresMigrator.prepare(connection, readOnly: readOnly, location: location)
            }
        } catch {
            throw PostgresErrorText.storeError(error, location: location, operation: "preparing the schema")
        }
    }

    /// Stops the pool; later calls fail.
    public func close() async throws(StoreError) {
        runner.cancel()
        _ = await runner.value
    }

    /// A batched writer into this server, through a connection of its own that holds the live-recorder lock.
    public func makeRecorder(
        configuration: ExchangeRecorder.Configuration = .init(), onNotice: (@Sendable (String) -> Void)? = nil
    ) -> ExchangeRecorder {
        ExchangeRecorder(
            database: PostgresRecorderDatabase(settings: settings, partitions: partitions), lock: nil,
            configuration: configuration, onNotice: onNotice)
    }

    deinit { runner.cancel() }
}

extension PostgresStore {
    /// Rows of `query` from a pooled connection, errors as `StoreError`s naming the server and `operation`.
    func rows(_ query: PostgresQuery, _ operation: String) async throws(StoreError) -> [PostgresRow] {
        do {
            var rows: [PostgresRow] = []
            for try await row in try await client.query(query, logger: PostgresSettings.logger) { rows.append(row) }
            return rows
        } catch {
            throw PostgresErrorText.storeError(error, location: location, operation: operation)
        }
    }

    /// Runs `body` in one transaction on a connection of its own, on a thread of its own.
    func write<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (PostgresTransaction, BlockingConnection) throws -> T
    ) async throws(StoreError) -> T {
        guard !isReadOnly else { throw StoreError.readOnly(path: location) }
        let settings = self.settings
        let partitions = self.partitions
        do {
            return try await BlockingThread.run {
                let connection = BlockingConnection(settings: settings)
                defer { connection.disconnect() }
                do {
                    return try connection.transaction {
                        let transaction = PostgresTransaction(connection: connection, partitions: partitions)
                        let result = try body(transaction, connection)
                        try transaction.flush()
                        return result
                    }
                } catch {
                    partitions.reset()
                    throw error
                }
            }
        } catch {
            throw PostgresErrorText.storeError(error, location: location, operation: operation)
        }
    }
}

import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO

/// One PostgreSQL connection used from a thread that may block (the recorder's writer thread, or a thread started
/// for one write job), never from an event loop or a Swift task: the recorder writes through one connection, as
/// SQLite's single writer does, and reconnects after the connection broke.
final class BlockingConnection: Sendable {
    private let settings: PostgresSettings
    private let state = NIOLockedValueBox<PostgresConnection?>(nil)
    /// The connection a transaction runs on: its statements never move to a new connection (which would run
    /// them outside the transaction), they fail with it.
    private let pinned = NIOLockedValueBox<PostgresConnection?>(nil)
    /// Run once on every new connection before it is used (a recorder takes its shared advisory lock).
    private let onConnect: (@Sendable (BlockingConnection) throws -> Void)?
    private static let ids = NIOLockedValueBox(0)

    /// A connection to `settings`' server, opened at the first query.
    init(settings: PostgresSettings, onConnect: (@Sendable (BlockingConnection) throws -> Void)? = nil) {
        self.settings = settings
        self.onConnect = onConnect
    }

    /// Where it connects, without the password.
    var location: String { settings.location.description }

    /// The open connection, connecting when there is none (or the last one closed).
    func connection() throws -> PostgresConnection {
        if let inTransaction = pinned.withLockedValue({ $0 }) { return inTransaction }
        if let open = state.withLockedValue({ $0 }), !open.isClosed { return open }
        let id = Self.ids.withLockedValue { value -> Int in
            value += 1
            return value
        }
        let connection = try PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(), configuration: try settings.connectionConfiguration(),
            id: id, logger: PostgresSettings.logger
        ).wait()
        state.withLockedValue { $0 = connection }
        do {
            try onConnect?(self)
        } catch {
            disconnect()
            throw error
        }
        return connection
    }

    /// Runs one statement and collects its rows; a broken connection is dropped so the next call reconnects.
    @discardableResult
    func query(_ query: PostgresQuery) throws -> PostgresQueryResult {
        let connection = try connection()
        do {
            return try connection.query(query, logger: PostgresSettings.logger).wait()
        } catch {
            if PostgresErrorText.isConnectionLoss(error) { disconnect() }
            throw error
        }
    }

    /// Runs `body` between BEGIN and COMMIT; rolls back (or drops a broken connection) when anything throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try query("BEGIN")
        let open = try connection()
        pinned.withLockedValue { $0 = open }
        defer { pinned.withLockedValue { $0 = nil } }
        do {
            let result = try body()
            // A transaction a failed statement aborted answers COMMIT with ROLLBACK, without an error.
            let committed = try query("COMMIT")
            guard committed.metadata.command == "COMMIT" else { throw TransactionRolledBack() }
            return result
        } catch {
            if !open.isClosed { _ = try? query("ROLLBACK") }
            throw error
        }
    }

    /// The server rolled a transaction back at COMMIT (a statement in it had failed).
    struct TransactionRolledBack: Error, CustomStringConvertible {
        var description: String { "the transaction was rolled back because a statement in it failed" }
    }

    /// Closes the connection (a recorder's advisory lock goes with it).
    func disconnect() {
        let open = state.withLockedValue { value -> PostgresConnection? in
            defer { value = nil }
            return value
        }
        if let open { _ = try? open.close().wait() }
    }

    deinit {
        // Perhaps on an event loop, where nothing may wait: close, and keep the connection until it is closed.
        if let open = state.withLockedValue({ $0 }) { open.close().whenComplete { _ in _ = open } }
    }
}

/// Runs blocking work on a thread of its own, so an async caller never blocks a Swift concurrency thread.
enum BlockingThread {
    /// `body`'s result, computed on a new thread.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let thread = Thread {
                continuation.resume(with: Result { try body() })
            }
            thread.name = "tapedeck.postgres"
            thread.start()
        }
    }
}

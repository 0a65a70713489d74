import Foundation
import PostgresNIO
import TapedeckCore
import TapedeckPostgres
import Testing

@testable import TapedeckStore

/// The backends every store test runs against: SQLite always; PostgreSQL through the server Scripts/test.sh
/// starts (TAPEDECK_TEST_POSTGRES_URL). Without that URL the PostgreSQL cases fail and say so; a developer may
/// leave them out on purpose with TAPEDECK_SKIP_POSTGRES=1.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The backends to test: both, unless TAPEDECK_SKIP_POSTGRES=1.
    static let all: [Backend] =
        ProcessInfo.processInfo.environment["TAPEDECK_SKIP_POSTGRES"] == "1" ? [.sqlite] : [.sqlite, .postgres]

    /// The test server's superuser URL; a failure that says how to get one when it is missing.
    static func serverURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["TAPEDECK_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw MissingServer()
        }
        return url
    }

    /// Why a PostgreSQL case cannot run.
    struct MissingServer: Error, CustomStringConvertible {
        var description: String {
            "TAPEDECK_TEST_POSTGRES_URL is not set: run the tests with Scripts/test.sh (or wrap them in "
                + "`bash Scripts/postgres.sh -- swift test`), or leave PostgreSQL out with TAPEDECK_SKIP_POSTGRES=1"
        }
    }

    /// A fresh, empty store of this backend: a file in `directory`, or a new database on the test server.
    func makeStore(in directory: TemporaryDirectory) async throws -> any RecordingStore {
        switch self {
        case .sqlite:
            return try TapedeckStore(path: directory.path("store.sqlite"))
        case .postgres:
            return try await PostgresStore.open(url: try TestDatabase.create())
        }
    }
}

/// Databases on the test server, one per test (tests run in parallel).
enum TestDatabase {
    /// Creates a database with a unique name and returns its URL (the superuser's credentials).
    static func create(on server: String? = nil) async throws -> String {
        let url = try server ?? Backend.serverURL()
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await run("CREATE DATABASE \(name)", url: url)
        guard let slash = url.lastIndex(of: "/") else { throw Backend.MissingServer() }
        return String(url[..<slash]) + "/" + name
    }

    /// The number the single-value `sql` returns on `url`'s database.
    static func count(_ sql: String, url: String) async throws -> Int {
        try await withConnection(url: url) { connection, logger in
            for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                .decode(Int64.self)
            {
                return Int(value)
            }
            return 0
        }
    }

    /// Runs one statement as the test server's superuser (on its `postgres` database, or on `url`'s).
    static func run(_ sql: String, url: String) async throws {
        try await withConnection(url: url) { connection, logger in
            _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        }
    }

    /// Runs `body` on a connection of its own to `url`'s database, closed afterwards whatever `body` did.
    static func withConnection<Result>(
        url: String, _ body: (PostgresConnection, Logger) async throws -> Result
    ) async throws -> Result {
        let location = try PostgresLocation(url: url)
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable)
        let logger = Logger(label: "tapedeck.tests")
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        let result: Result
        do {
            result = try await body(connection, logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
        return result
    }
}

extension RecordingStore {
    /// Stores one exchange (the protocol takes a file's worth at once).
    func insertOne(_ exchange: RecordedExchange) async throws(StoreError) { try await insert([exchange]) }
}

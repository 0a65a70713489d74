import Logging
import NIOSSL
import PostgresNIO

/// The connection settings a `PostgresLocation` means, for PostgresNIO's pool and single connections.
struct PostgresSettings: Sendable {
    /// Where to connect (and with which password, kept in memory only).
    let location: PostgresLocation

    /// The TLS configuration `sslmode` asks for, or nil for plain TCP.
    var tlsConfiguration: TLSConfiguration? {
        switch location.sslMode {
        case .disable:
            return nil
        case .require:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            return configuration
        case .verifyFull:
            return TLSConfiguration.makeClientConfiguration()
        }
    }

    /// The pool's configuration.
    func clientConfiguration() -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = tlsConfiguration.map { .require($0) } ?? .disable
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: tls)
        configuration.options.maximumConnections = 8
        return configuration
    }

    /// A single connection's configuration (the recorder's writer, migrations, grouping).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            try tlsConfiguration.map { .require(try NIOSSLContext(configuration: $0)) } ?? .disable
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: tls)
        // The driver's default: a refused connection fails at once anyway, and a busy server (or machine) may need
        // more than 5 s to fork a backend and answer the startup (seen with the tests on a loaded 2-core machine).
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    /// The logger handed to PostgresNIO: silent (its messages may carry details the user did not ask for).
    static let logger = Logger(label: "tapedeck.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
}

import PostgresNIO
import TapedeckStore

/// What a PostgresNIO error says to a user: the server's message and SQLSTATE, or what broke the connection.
/// Never the connection's configuration, so never a password.
enum PostgresErrorText {
    /// A one-line reason for `error`.
    static func reason(_ error: any Error) -> String {
        if let storeError = error as? StoreError { return storeError.description }
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            return message + state
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }

    /// Whether `error` means the server could not be reached or the connection broke (worth reconnecting), as
    /// opposed to the server refusing a statement.
    static func isConnectionLoss(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return !(error is BlockingConnection.TransactionRolledBack) }
        switch error.code {
        case .server: return false
        default: return true
        }
    }

    /// `error` as a `StoreError` naming the server (without its password) and what was being done.
    static func storeError(_ error: any Error, location: String, operation: String) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        if isConnectionLoss(error) {
            return .cannotOpen(path: location, reason: reason(error))
        }
        return .database(operation: operation + " in \(location)", reason: reason(error))
    }
}

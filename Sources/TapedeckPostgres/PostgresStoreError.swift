import TapedeckStore

/// Errors of the PostgreSQL store that happen before any `StoreError` applies (a URL that cannot be used).
public enum PostgresStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `--db` URL is malformed; the URL shown has no password.
    case badURL(String, reason: String)

    /// The message shown to the user.
    public var description: String {
        switch self {
        case .badURL(let url, let reason):
            return "cannot use \(url): \(reason); write it as postgres://USER[:PASSWORD]@HOST:PORT/DB"
                + "[?sslmode=require|verify-full]"
        }
    }
}

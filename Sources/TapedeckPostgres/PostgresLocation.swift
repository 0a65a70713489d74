import Foundation
import TapedeckStore

/// A `postgres://USER[:PASSWORD]@HOST:PORT/DB[?sslmode=…]` URL taken apart; the password is kept only in memory,
/// and `description` (what banners and errors show) never holds it.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is encrypted (`sslmode`).
    public enum SSLMode: String, Sendable, Hashable {
        /// Plain TCP (the default on loopback, and `sslmode=disable`).
        case disable
        /// TLS without checking the server's certificate.
        case require
        /// TLS with the certificate checked against the system's roots and the host name.
        case verifyFull = "verify-full"
    }

    /// The role to log in as.
    public var user: String
    /// The password, from the URL, `PGPASSWORD` or `~/.pgpass`; never printed.
    public var password: String?
    /// The server's host name or address.
    public var host: String
    /// The server's TCP port.
    public var port: Int
    /// The database name.
    public var database: String
    /// The TLS mode.
    public var sslMode: SSLMode

    /// Whether `text` is meant as a PostgreSQL URL (rather than an SQLite file path).
    public static func isURL(_ text: String) -> Bool { StoreLocation.isServerURL(text) }

    /// Parses `url`; the password comes from the URL, else `PGPASSWORD`, else the `~/.pgpass` line that matches.
    /// Errors never repeat the password.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard Self.isURL(url), let components = URLComponents(string: url) else {
            throw PostgresStoreError.badURL(Self.redacting(url), reason: "it is not a postgres:// URL")
        }
        guard let host = components.host, !host.isEmpty else {
            throw PostgresStoreError.badURL(Self.redacting(url), reason: "it names no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw PostgresStoreError.badURL(Self.redacting(url), reason: "it names no user (postgres://USER@HOST/DB)")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresStoreError.badURL(
                Self.redacting(url), reason: "it names no database (postgres://USER@HOST/DB)")
        }
        var mode = SSLMode.disable
        for item in components.queryItems ?? [] {
            switch (item.name, item.value ?? "") {
            case ("sslmode", "disable"), ("sslmode", "prefer"), ("sslmode", "allow"): mode = .disable
            case ("sslmode", "require"): mode = .require
            case ("sslmode", "verify-full"), ("sslmode", "verify-ca"): mode = .verifyFull
            case ("sslmode", let other):
                throw PostgresStoreError.badURL(
                    Self.redacting(url), reason: "sslmode=\(other) is not one of disable, require, verify-full")
            default:
                throw PostgresStoreError.badURL(
                    Self.redacting(url), reason: "\(item.name) is not a parameter tapedeck knows (only sslmode)")
            }
        }
        self.user = components.user?.removingPercentEncoding ?? user
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? 5432
        self.database = database.removingPercentEncoding ?? database
        sslMode = mode
        if let fromURL = components.password {
            password = fromURL.removingPercentEncoding ?? fromURL
        } else if let fromEnvironment = environment["PGPASSWORD"] {
            password = fromEnvironment
        } else {
            password = PasswordFile.password(
                host: self.host, port: port, database: self.database, user: self.user, environment: environment)
        }
    }

    /// The URL without its password: what every banner, listing and error shows.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let query = sslMode == .disable ? "" : "?sslmode=\(sslMode.rawValue)"
        return "postgres://\(user)@\(shownHost):\(port)/\(database)\(query)"
    }

    /// `url` with any password removed, for errors about a URL that could not be parsed.
    public static func redacting(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        guard let at = rest.lastIndex(of: "@") else { return url }
        let userInfo = rest[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<schemeEnd.upperBound]) + userInfo[..<colon] + String(rest[at...])
    }
}

/// `~/.pgpass` (or `PGPASSFILE`): `hostname:port:database:username:password` lines, `*` matching anything, `\:`
/// and `\\` escaped; ignored, as libpq does, when others may read it.
enum PasswordFile {
    /// The password of the first line that matches, or nil.
    static func password(host: String, port: Int, database: String, user: String, environment: [String: String])
        -> String?
    {
        let path =
            environment["PGPASSFILE"] ?? (environment["HOME"].map { $0 + "/.pgpass" } ?? NSHomeDirectory() + "/.pgpass")
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue, permissions & 0o077 == 0,
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        else { return nil }
        let wanted = [host, String(port), database, user]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = split(String(line))
            guard fields.count == 5 else { continue }
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// A line's fields, split on unescaped colons, escapes removed.
    static func split(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}

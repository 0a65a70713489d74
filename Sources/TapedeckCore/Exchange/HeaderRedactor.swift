/// Replaces secret header values by a marker before anything reaches disk, keeping a short
/// non-reversible fingerprint so a user can tell two keys apart without ever seeing one.
public struct HeaderRedactor: Sendable, Hashable {
    /// Headers that always carry credentials in the Anthropic API and in HTTP generally.
    public static let defaultSecretNames: Set<String> = [
        "x-api-key", "authorization", "proxy-authorization", "cookie", "set-cookie",
    ]

    /// Words that mark a header or query parameter name as a credential wherever they appear in it
    /// (`x-goog-api-key`, `?api_key=`, `x-auth-token`), so keys outside the list above are caught too.
    public static let secretWords = ["key", "token", "secret", "auth", "password", "cookie"]

    /// Name prefixes exempt from `secretWords`: Anthropic's rate-limit headers count tokens and hold no secret.
    public static let exemptPrefixes = ["anthropic-ratelimit-"]

    /// Lowercased names whose values are replaced.
    public let secretNames: Set<String>

    /// Creates a redactor for the default secret headers plus `additionalNames` (any case).
    public init(additionalNames: [String] = []) {
        var names = Self.defaultSecretNames
        for name in additionalNames { names.insert(name.lowercased()) }
        secretNames = names
    }

    /// Whether the header or query parameter named `name` (any case) is treated as a secret.
    public func isSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        if secretNames.contains(lowered) { return true }
        if Self.exemptPrefixes.contains(where: lowered.hasPrefix) { return false }
        // Searched as UTF-8 bytes: `String.contains` goes through Foundation's NSString on Linux, and this runs for
        // every header of every stored header list.
        let bytes = Array(lowered.utf8)
        return Self.secretWords.contains { word in bytes.contains(word.utf8) }
    }

    /// The headers in the same order, every secret value replaced by its marker; values that are
    /// already markers are kept, so redacting twice (import of an export) changes nothing.
    public func redact(_ headers: [HeaderField]) -> [HeaderField] {
        headers.map { field in
            guard isSecret(field.name), !Self.isMarker(field.value) else { return field }
            return HeaderField(name: field.name, value: Self.marker(for: field.value))
        }
    }

    /// The stored stand-in for a secret value, e.g. `[redacted fp:1a2b3c4d]`.
    public static func marker(for value: String) -> String {
        "[redacted fp:\(fingerprint(value))]"
    }

    /// Whether a stored value is a redaction marker (so re-redacting an import is idempotent).
    public static func isMarker(_ value: String) -> Bool {
        value.hasPrefix("[redacted fp:") && value.hasSuffix("]")
    }

    /// The first 4 bytes of the value's SHA-256 as hex: enough to tell keys apart, useless to recover one.
    public static func fingerprint(_ value: String) -> String {
        String(SHA256.hex(Array(value.utf8)).prefix(8))
    }
}

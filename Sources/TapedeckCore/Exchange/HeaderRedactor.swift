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
        // Searched byte by byte in place: this runs for every header of every stored header list (on the event
        // loop for a request's), and both `String.contains` (Foundation's NSString on Linux) and the generic
        // `Collection.contains(_:)` searcher cost more than the rest of an exchange's header handling.
        var name = lowered
        return name.withUTF8 { bytes in Self.secretWordBytes.contains { Self.occurs($0, in: bytes) } }
    }

    private static let secretWordBytes: [[UInt8]] = secretWords.map { Array($0.utf8) }

    /// Whether `word` (not empty) occurs in `bytes`; names are short, so a plain scan is the fastest search.
    private static func occurs(_ word: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = word.first, bytes.count >= word.count else { return false }
        for start in 0...(bytes.count - word.count) where bytes[start] == first {
            var matched = 1
            while matched < word.count, bytes[start + matched] == word[matched] { matched += 1 }
            if matched == word.count { return true }
        }
        return false
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

/// The LIKE pattern both stores resolve an id prefix with (`3f2a` → `3f2a%`), wildcards in the prefix escaped by a
/// backslash so a typed `_` or `%` matches itself and never widens the match.
public enum IDPrefixPattern {
    /// `prefix` escaped for LIKE … ESCAPE '\', then `%`.
    public static func like(_ prefix: String) -> String {
        var escaped = ""
        for character in prefix {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped + "%"
    }
}

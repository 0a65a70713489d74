/// Why a JSON text was rejected, with the byte offset where reading stopped, so a message can point at it.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Offset in UTF-8 bytes from the start of the text.
    public var offset: Int
    /// What was wrong, in words.
    public var reason: String

    /// Creates an error record.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// "invalid JSON at byte N: reason".
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

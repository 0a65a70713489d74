/// One HTTP header as recorded, in wire order (names may repeat, so this is not a dictionary).
public struct HeaderField: Sendable, Hashable, Codable {
    /// Header name as received.
    public var name: String
    /// Header value (already redacted when it was a secret).
    public var value: String

    /// Creates a header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// Strict parsing entry points (RFC 8259; a whole document, nothing after it but whitespace).
extension JSONValue {
    /// Parses a complete JSON text; the error names the byte offset and the reason.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        let result = text.utf8.withContiguousStorageIfAvailable { parseResult($0) }
        return try (result ?? Array(text.utf8).withUnsafeBufferPointer { parseResult($0) }).get()
    }

    /// Parses complete JSON from UTF-8 bytes (invalid UTF-8 inside strings becomes U+FFFD).
    public static func parse<Bytes: Collection>(bytes: Bytes) throws(JSONParseError) -> JSONValue
    where Bytes.Element == UInt8 {
        let result = bytes.withContiguousStorageIfAvailable { parseResult($0) }
        return try (result ?? Array(bytes).withUnsafeBufferPointer { parseResult($0) }).get()
    }

    private static func parseResult(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONParseError> {
        var reader = JSONReader(bytes: buffer, mode: .strict)
        do {
            guard let value = try reader.readDocument() else {
                return .failure(JSONParseError(offset: 0, reason: "no JSON value"))
            }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }
}

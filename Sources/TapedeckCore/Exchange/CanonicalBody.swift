/// The form of a request body used to decide whether two requests are "the same" (retry chains):
/// JSON re-serialized compactly with sorted keys, so key order and whitespace do not matter.
public enum CanonicalBody {
    /// Compact, key-sorted JSON for a JSON body; the bytes unchanged for anything else
    /// (including invalid UTF-8, which the JSON parser would otherwise paper over).
    public static func bytes(_ body: [UInt8]) -> [UInt8] {
        read(body).canonical
    }

    /// The canonical bytes and, for a JSON body, its parsed value: one parse for callers that need both (the
    /// recorder links retries by the bytes and groups sessions by the value).
    public static func read(_ body: [UInt8]) -> (canonical: [UInt8], json: JSONValue?) {
        guard let first = body.first(where: { !isJSONWhitespace($0) }),
            first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        else { return (body, nil) }
        guard String(validating: body, as: UTF8.self) != nil,
            let value = try? JSONValue.parse(bytes: body)
        else { return (body, nil) }
        return (value.serializedBytes(sortedKeys: true), value)
    }

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

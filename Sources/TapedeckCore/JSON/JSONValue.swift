/// A JSON document as a value: what tapedeck parses every event's `data` into.
///
/// tapedeck uses its own JSON model and hand-written UTF-8 parser rather than Foundation's
/// `JSONSerialization`/`JSONDecoder` because it needs (1) object keys in the order they were sent,
/// so recorded payloads are shown and exported as the API wrote them, (2) speed: a long exchange is
/// 100,000 events, each parsed on the recorder and replayer paths, and (3) exact control over what
/// is accepted and how it is printed (numbers as they were written, UTF-8 kept, RFC 8259 escapes).
///
/// Numbers keep their literal text (`JSONNumber`), so `12345678901234567890`, `1.0` and `-0.0` print back as
/// sent. Equality treats objects as unordered and numbers by exact decimal value, as JSON does (see `JSONObject`,
/// `JSONNumber`).
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// Any JSON number, as its literal text.
    case number(JSONNumber)
    /// A string, unescaped.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, keys in the order they were sent.
    case object(JSONObject)
}

extension JSONValue {
    /// Member of an object by key; nil when this is not an object or the key is absent.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// Element of an array by position; nil when this is not an array or the position is out of range.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return nil
    }

    /// The string, when this is a string.
    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    /// The number as an `Int`, when this is a number with an exact integer value in range.
    public var intValue: Int? {
        if case .number(let number) = self { return number.intValue }
        return nil
    }

    /// The number as an `Int64`, when this is a number with an exact integer value in range.
    public var int64Value: Int64? {
        if case .number(let number) = self { return number.int64Value }
        return nil
    }

    /// The number as the nearest `Double`, when this is a number.
    public var doubleValue: Double? {
        if case .number(let number) = self { return number.doubleValue }
        return nil
    }

    /// The number with its literal text, when this is a number.
    public var numberValue: JSONNumber? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// The boolean, when this is `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let array) = self { return array }
        return nil
    }

    /// The members, when this is an object.
    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The JSON type name ("null", "boolean", "number", "string", "array", "object"), for messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

import TapedeckCore

/// Typed access to the members of one JSON object in an imported file, throwing an `ImportError`
/// that says where ("line 3", "entry 2") and which member is missing or of the wrong type.
struct ObjectFields {
    let object: JSONObject
    let file: String
    let context: String

    /// Wraps `value`, which must be an object.
    init(_ value: JSONValue, file: String, context: String) throws(ImportError) {
        guard case .object(let object) = value else {
            throw ImportError(file: file, problem: "\(context): expected a JSON object, found \(value.typeName)")
        }
        self.object = object
        self.file = file
        self.context = context
    }

    func failure(_ problem: String) -> ImportError {
        ImportError(file: file, problem: "\(context): \(problem)")
    }

    func value(_ key: String) throws(ImportError) -> JSONValue {
        guard let value = object[key] else { throw failure("missing \"\(key)\"") }
        return value
    }

    func optionalValue(_ key: String) -> JSONValue? {
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    func string(_ key: String) throws(ImportError) -> String {
        let value = try value(key)
        guard let string = value.stringValue else {
            throw failure("\"\(key)\" must be a string, found \(value.typeName)")
        }
        return string
    }

    func optionalString(_ key: String) throws(ImportError) -> String? {
        guard let value = optionalValue(key) else { return nil }
        guard let string = value.stringValue else {
            throw failure("\"\(key)\" must be a string, found \(value.typeName)")
        }
        return string
    }

    func int(_ key: String) throws(ImportError) -> Int {
        guard let int = try optionalInt(key) else { throw failure("missing \"\(key)\"") }
        return int
    }

    func optionalInt(_ key: String) throws(ImportError) -> Int? {
        guard let value = optionalValue(key) else { return nil }
        guard let int = value.intValue else {
            throw failure("\"\(key)\" must be an integer, found \(value.serialized())")
        }
        return int
    }

    func optionalInt64(_ key: String) throws(ImportError) -> Int64? {
        try optionalInt(key).map(Int64.init)
    }

    func optionalDouble(_ key: String) throws(ImportError) -> Double? {
        guard let value = optionalValue(key) else { return nil }
        guard let double = value.doubleValue else {
            throw failure("\"\(key)\" must be a number, found \(value.typeName)")
        }
        return double
    }

    func bool(_ key: String) throws(ImportError) -> Bool {
        let value = try value(key)
        guard let bool = value.boolValue else {
            throw failure("\"\(key)\" must be true or false, found \(value.typeName)")
        }
        return bool
    }

    func array(_ key: String) throws(ImportError) -> [JSONValue] {
        let value = try value(key)
        guard let array = value.arrayValue else {
            throw failure("\"\(key)\" must be an array, found \(value.typeName)")
        }
        return array
    }

    func optionalArray(_ key: String) throws(ImportError) -> [JSONValue]? {
        guard let value = optionalValue(key) else { return nil }
        guard let array = value.arrayValue else {
            throw failure("\"\(key)\" must be an array, found \(value.typeName)")
        }
        return array
    }

    func fields(_ key: String) throws(ImportError) -> ObjectFields {
        try ObjectFields(value(key), file: file, context: "\(context), \"\(key)\"")
    }

    func optionalFields(_ key: String) throws(ImportError) -> ObjectFields? {
        guard let value = optionalValue(key) else { return nil }
        return try ObjectFields(value, file: file, context: "\(context), \"\(key)\"")
    }

    func base64(_ key: String) throws(ImportError) -> [UInt8] {
        let text = try string(key)
        guard let bytes = ByteText.fromBase64(text) else { throw failure("\"\(key)\" is not valid base64") }
        return bytes
    }

    /// `[{"name":…,"value":…}]` as header fields.
    func headers(_ key: String) throws(ImportError) -> [HeaderField] {
        var fields: [HeaderField] = []
        for (position, element) in try array(key).enumerated() {
            let header = try ObjectFields(element, file: file, context: "\(context), \"\(key)\"[\(position)]")
            fields.append(HeaderField(name: try header.string("name"), value: try header.string("value")))
        }
        return fields
    }
}

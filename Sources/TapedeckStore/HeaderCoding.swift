import TapedeckCore

/// Headers as the JSON text stored in `request_headers`/`response_headers`: `[{"name":..,"value":..}]`, wire order.
/// Written and read with Core's JSON (Foundation's `JSONEncoder` took a third of the recorder's time per exchange
/// update at short exchanges).
package enum HeaderCoding {
    /// The redactor applied to every stored header list: the proxy redacts first (with any configured names);
    /// this is the last line of defence, so a default secret header can never reach disk unredacted.
    package static let redactor = HeaderRedactor()

    /// JSON text for `headers`, default secret headers redacted (values that are already markers are kept).
    package static func encode(_ headers: [HeaderField]) -> String {
        let fields = redactor.redact(headers).map { field -> JSONValue in
            .object(JSONObject([("name", .string(field.name)), ("value", .string(field.value))]))
        }
        return JSONValue.array(fields).serialized()
    }

    /// Headers from stored JSON text; unreadable text (or any entry without a string name and value) gives no
    /// headers rather than an error.
    package static func decode(_ text: String) -> [HeaderField] {
        guard case .array(let entries)? = try? JSONValue.parse(text) else { return [] }
        var fields: [HeaderField] = []
        fields.reserveCapacity(entries.count)
        for entry in entries {
            guard case .object(let object) = entry, let name = object["name"]?.stringValue,
                let value = object["value"]?.stringValue
            else { return [] }
            fields.append(HeaderField(name: name, value: value))
        }
        return fields
    }
}

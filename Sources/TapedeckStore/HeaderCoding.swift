import Foundation
import TapedeckCore

/// Headers as the JSON text stored in `request_headers`/`response_headers`: `[{"name":..,"value":..}]`, wire order.
enum HeaderCoding {
    /// JSON text for `headers`.
    static func encode(_ headers: [HeaderField]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode(headers) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Headers from stored JSON text; unreadable text gives no headers rather than an error.
    static func decode(_ text: String) -> [HeaderField] {
        (try? JSONDecoder().decode([HeaderField].self, from: Data(text.utf8))) ?? []
    }
}

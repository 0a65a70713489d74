import Foundation
import TapedeckCore

/// Headers as the JSON text stored in `request_headers`/`response_headers`: `[{"name":..,"value":..}]`, wire order.
package enum HeaderCoding {
    /// The redactor applied to every stored header list: the proxy redacts first (with any configured names);
    /// this is the last line of defence, so a default secret header can never reach disk unredacted.
    package static let redactor = HeaderRedactor()

    /// JSON text for `headers`, default secret headers redacted (values that are already markers are kept).
    package static func encode(_ headers: [HeaderField]) -> String {
        let safe = redactor.redact(headers)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode(safe) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Headers from stored JSON text; unreadable text gives no headers rather than an error.
    package static func decode(_ text: String) -> [HeaderField] {
        (try? JSONDecoder().decode([HeaderField].self, from: Data(text.utf8))) ?? []
    }
}

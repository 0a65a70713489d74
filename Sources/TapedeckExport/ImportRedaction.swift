import TapedeckCore

/// Redaction applied to every imported header list, so a HAR saved with a live key never puts it
/// on disk; values that are already markers are kept, so re-importing an export changes nothing.
enum ImportRedaction {
    static func redact(_ headers: [HeaderField], redactor: HeaderRedactor = HeaderRedactor()) -> [HeaderField] {
        headers.map { field in
            guard redactor.isSecret(field.name), !HeaderRedactor.isMarker(field.value) else { return field }
            return HeaderField(name: field.name, value: HeaderRedactor.marker(for: field.value))
        }
    }
}

import TapedeckCore

/// Redaction applied to every imported header list, so a HAR saved with a live key never puts it
/// on disk; values that are already markers are kept, so re-importing an export changes nothing.
enum ImportRedaction {
    static func redact(_ headers: [HeaderField], redactor: HeaderRedactor = HeaderRedactor()) -> [HeaderField] {
        redactor.redact(headers)
    }
}

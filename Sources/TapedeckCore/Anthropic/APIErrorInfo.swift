/// The `error` object of an `error` event (e.g. `overloaded_error` mid-stream after HTTP 200).
public struct APIErrorInfo: Sendable, Hashable, Codable {
    /// `error.type`, e.g. "overloaded_error".
    public var type: String
    /// `error.message`.
    public var message: String

    /// Creates an error record.
    public init(type: String, message: String) {
        self.type = type
        self.message = message
    }
}

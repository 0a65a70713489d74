import TapedeckCore

/// `export --format sse`: the response body exactly as the client received it, byte for byte,
/// including a trailing fragment of a cut stream.
public enum SSEExporter {
    /// The raw response body.
    public static func export(_ exchange: RecordedExchange) -> [UInt8] {
        exchange.responseBody
    }
}

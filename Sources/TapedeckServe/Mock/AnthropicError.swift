import Foundation

/// Anthropic-shaped error bodies (`{"type":"error","error":{"type":…,"message":…}}`), so SDKs map
/// them to their usual exception types.
public enum AnthropicError {
    /// The JSON body of an HTTP error response.
    public static func body(type: String, message: String, requestID: String? = nil) -> [UInt8] {
        var object: [String: Any] = ["type": "error", "error": ["type": type, "message": message]]
        if let requestID { object["request_id"] = requestID }
        return json(object)
    }

    /// The `data:` JSON of a mid-stream `error` event.
    public static func eventData(type: String, message: String) -> [UInt8] {
        json(["type": "error", "error": ["type": type, "message": message]])
    }

    private static func json(_ object: [String: Any]) -> [UInt8] {
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        return Array(data)
    }
}

/// Anthropic-shaped error bodies (`{"type":"error","error":{"type":…,"message":…}}`), built from `JSONValue` in
/// the API's own key order: the proxy's 502s, `serve`'s 404s and the mock's 429/529s, so SDKs raise their usual
/// error types for all of them.
public enum AnthropicErrorBody {
    /// The body of an HTTP error response.
    public static func json(type: String, message: String, requestID: String? = nil) -> JSONValue {
        var object: JSONObject = ["type": "error", "error": ["type": .string(type), "message": .string(message)]]
        if let requestID { object["request_id"] = .string(requestID) }
        return .object(object)
    }

    /// The body of an HTTP error response, as bytes.
    public static func bytes(type: String, message: String, requestID: String? = nil) -> [UInt8] {
        Array(json(type: type, message: message, requestID: requestID).serialized().utf8)
    }

    /// The `data:` JSON of a mid-stream `error` event.
    public static func eventData(type: String, message: String) -> [UInt8] {
        bytes(type: type, message: message)
    }
}

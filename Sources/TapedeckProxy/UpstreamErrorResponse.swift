import NIOCore
import NIOHTTP1

/// The proxy's own error answers, shaped like the Anthropic API's so SDKs raise their usual error types.
enum UpstreamErrorResponse {
    /// `{"type":"error","error":{"type":"api_error","message":...}}` for `message`.
    static func body(message: String, allocator: ByteBufferAllocator) -> ByteBuffer {
        var json = #"{"type":"error","error":{"type":"api_error","message":""#
        json += escaped(message)
        json += #""}}"#
        return allocator.buffer(string: json)
    }

    /// Response headers for a JSON error body of `length` bytes that closes the connection.
    static func headers(contentLength: Int) -> HTTPHeaders {
        [
            "content-type": "application/json",
            "content-length": String(contentLength),
            "connection": "close",
            "x-tapedeck-error": "1",
        ]
    }

    private static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

import NIOCore
import NIOHTTP1
import TapedeckCore

/// The proxy's own error answers, shaped like the Anthropic API's so SDKs raise their usual error types.
enum UpstreamErrorResponse {
    /// `{"type":"error","error":{"type":"api_error","message":...}}` for `message`.
    static func body(message: String, allocator: ByteBufferAllocator) -> ByteBuffer {
        allocator.buffer(bytes: AnthropicErrorBody.bytes(type: "api_error", message: message))
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
}

import NIOCore
import TapedeckCore

/// What the proxy knows when a request head arrives: the identity of a new exchange, with secrets
/// already redacted (they never leave the event loop).
public struct ExchangeStart: Sendable {
    /// Wall-clock start, nanoseconds since the Unix epoch.
    public var startedAtNanos: Int64
    /// HTTP method.
    public var method: String
    /// Request path without the query.
    public var path: String
    /// Raw query without "?", or nil.
    public var query: String?
    /// Request headers as the client sent them, secrets replaced by markers.
    public var requestHeaders: [HeaderField]

    /// Creates a start record.
    public init(startedAtNanos: Int64, method: String, path: String, query: String?, requestHeaders: [HeaderField]) {
        self.startedAtNanos = startedAtNanos
        self.method = method
        self.path = path
        self.query = query
        self.requestHeaders = requestHeaders
    }
}

/// Receives exchanges from the proxy. Called on the event loop, so it must return at once and
/// do its parsing and storing elsewhere (forwarding never waits on recording).
public protocol CaptureRecorder: Sendable {
    /// Starts recording one exchange and returns its handle.
    func beginExchange(_ start: ExchangeStart) -> any ExchangeRecording
}

/// One exchange being recorded. Every method is called on the event loop in wire order and must
/// not block; offsets are nanoseconds since the request head arrived (monotonic clock).
public protocol ExchangeRecording: Sendable {
    /// A part of the request body, as received from the client.
    func requestBody(_ buffer: ByteBuffer)
    /// The request body is complete (the exchange row is written now, with its body, so retries link).
    func requestEnd()
    /// The response head as received from upstream (headers are redacted by the implementation).
    func responseHead(status: Int, headers: [HeaderField], atNanos: Int64)
    /// A part of the response body, already written to the client; a reference, not a copy.
    func responseBody(_ buffer: ByteBuffer, atNanos: Int64)
    /// The exchange is over; `detail` says why when it failed (e.g. the connect error), `losses` what the client
    /// received that the recording does not hold (each counted on the exchange and said in its note).
    func finish(_ ending: OutcomeClassifier.Ending, atNanos: Int64, detail: String?, losses: [RecordingLoss])
}

import Foundation

/// Everything known about one exchange except its events: one row of the `exchanges` table.
public struct ExchangeSummary: Sendable, Hashable {
    /// Short unique id (lowercase hex); a unique prefix is accepted by the CLI.
    public var id: String
    /// Wall-clock start of the request, nanoseconds since the Unix epoch.
    public var startedAtNanos: Int64
    /// HTTP method, e.g. "POST".
    public var method: String
    /// Request path without the query, e.g. "/v1/messages".
    public var path: String
    /// Raw query string without "?", or nil.
    public var query: String?
    /// Request headers, secrets replaced by a redaction marker.
    public var requestHeaders: [HeaderField]
    /// The request body as sent.
    public var requestBody: [UInt8]
    /// Response status, nil when no response came (unreachable upstream).
    public var status: Int?
    /// Response headers as received from upstream.
    public var responseHeaders: [HeaderField]
    /// Whether the response was `text/event-stream`.
    public var isStreaming: Bool
    /// Model from `message_start` (or the request body when the stream never started).
    public var model: String?
    /// Final stop_reason, if one arrived.
    public var stopReason: String?
    /// How the exchange ended.
    public var outcome: ExchangeOutcome
    /// Nanoseconds from request start to the first response byte.
    public var firstByteNanos: Int64?
    /// Nanoseconds from request start to the first content delta (time to first token).
    public var ttftNanos: Int64?
    /// Nanoseconds from request start to the end of the exchange.
    public var durationNanos: Int64?
    /// Usage as last reported (message_delta usage is cumulative).
    public var inputTokens: Int?
    /// Output tokens as last reported.
    public var outputTokens: Int?
    /// Tokens written to the prompt cache.
    public var cacheCreationInputTokens: Int?
    /// Tokens read from the prompt cache.
    public var cacheReadInputTokens: Int?
    /// Number of SSE events recorded.
    public var eventCount: Int
    /// `error.type` of an error event or error body.
    public var errorType: String?
    /// `error.message` of an error event or error body.
    public var errorMessage: String?
    /// The earlier failed exchange this request retried, if any.
    public var retryOf: String?
    /// 1 for a first attempt, n for the n-th attempt of a retry chain.
    public var attempt: Int
    /// Events the recorder could not store (queue overflow or write failure); shown, never hidden.
    public var droppedEvents: Int
    /// Free-form note: e.g. why the exchange was marked interrupted, or the import source.
    public var note: String?
    /// The session (agent run or conversation) this exchange belongs to; nil until it is grouped.
    public var sessionID: String?
    /// Its thread in the session: the id of the exchange that started the thread.
    public var threadID: String?
    /// 1-based position in the thread; a retry has the turn of the attempt it repeats.
    public var turn: Int?
    /// The exchange whose conversation this request continues (its messages plus that answer), if any.
    public var continues: String?

    /// Creates a summary; only the identity of the exchange is required.
    public init(
        id: String, startedAtNanos: Int64, method: String, path: String, query: String? = nil,
        requestHeaders: [HeaderField] = [], requestBody: [UInt8] = [], status: Int? = nil,
        responseHeaders: [HeaderField] = [], isStreaming: Bool = false, model: String? = nil,
        stopReason: String? = nil, outcome: ExchangeOutcome = .inProgress, firstByteNanos: Int64? = nil,
        ttftNanos: Int64? = nil, durationNanos: Int64? = nil, inputTokens: Int? = nil,
        outputTokens: Int? = nil, cacheCreationInputTokens: Int? = nil, cacheReadInputTokens: Int? = nil,
        eventCount: Int = 0, errorType: String? = nil, errorMessage: String? = nil, retryOf: String? = nil,
        attempt: Int = 1, droppedEvents: Int = 0, note: String? = nil, sessionID: String? = nil,
        threadID: String? = nil, turn: Int? = nil, continues: String? = nil
    ) {
        self.id = id
        self.startedAtNanos = startedAtNanos
        self.method = method
        self.path = path
        self.query = query
        self.requestHeaders = requestHeaders
        self.requestBody = requestBody
        self.status = status
        self.responseHeaders = responseHeaders
        self.isStreaming = isStreaming
        self.model = model
        self.stopReason = stopReason
        self.outcome = outcome
        self.firstByteNanos = firstByteNanos
        self.ttftNanos = ttftNanos
        self.durationNanos = durationNanos
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheCreationInputTokens = cacheCreationInputTokens
        self.cacheReadInputTokens = cacheReadInputTokens
        self.eventCount = eventCount
        self.errorType = errorType
        self.errorMessage = errorMessage
        self.retryOf = retryOf
        self.attempt = attempt
        self.droppedEvents = droppedEvents
        self.note = note
        self.sessionID = sessionID
        self.threadID = threadID
        self.turn = turn
        self.continues = continues
    }

    /// Start time as a `Date`, for display.
    public var startedAt: Date { Date(timeIntervalSince1970: Double(startedAtNanos) / 1e9) }
}

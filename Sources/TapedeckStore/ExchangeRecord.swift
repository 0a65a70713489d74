import Foundation
import GRDB
import TapedeckCore

/// One row of `exchanges`, column for column; converts to and from the Core `ExchangeSummary`.
struct ExchangeRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "exchanges"

    var id: String
    var startedAtNs: Int64
    var method: String
    var path: String
    var query: String?
    var requestHeaders: String
    var requestBody: Data
    var requestBodySha256: String
    var status: Int?
    var responseHeaders: String
    var isStreaming: Bool
    var model: String?
    var stopReason: String?
    var outcome: String
    var firstByteNs: Int64?
    var ttftNs: Int64?
    var durationNs: Int64?
    var inputTokens: Int?
    var outputTokens: Int?
    var cacheCreationInputTokens: Int?
    var cacheReadInputTokens: Int?
    var eventCount: Int
    var errorType: String?
    var errorMessage: String?
    var retryOf: String?
    var attempt: Int
    var droppedEvents: Int
    var note: String?
    var trailingBytes: Data
    var trailingOffsetNs: Int64?
    var sessionId: String?
    var threadId: String?
    var turn: Int?
    var continues: String?

    enum CodingKeys: String, CodingKey {
        case id
        case startedAtNs = "started_at_ns"
        case method
        case path
        case query
        case requestHeaders = "request_headers"
        case requestBody = "request_body"
        case requestBodySha256 = "request_body_sha256"
        case status
        case responseHeaders = "response_headers"
        case isStreaming = "is_streaming"
        case model
        case stopReason = "stop_reason"
        case outcome
        case firstByteNs = "first_byte_ns"
        case ttftNs = "ttft_ns"
        case durationNs = "duration_ns"
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case cacheCreationInputTokens = "cache_creation_input_tokens"
        case cacheReadInputTokens = "cache_read_input_tokens"
        case eventCount = "event_count"
        case errorType = "error_type"
        case errorMessage = "error_message"
        case retryOf = "retry_of"
        case attempt
        case droppedEvents = "dropped_events"
        case note
        case trailingBytes = "trailing_bytes"
        case trailingOffsetNs = "trailing_offset_ns"
        case sessionId = "session_id"
        case threadId = "thread_id"
        case turn
        case continues
    }

    /// The row for `summary`, with the trailing fragment of its response body.
    init(
        _ summary: ExchangeSummary, trailingBytes: [UInt8] = [], trailingOffsetNanos: Int64? = nil,
        requestBodySha256 sha256: String? = nil
    ) {
        id = summary.id
        startedAtNs = summary.startedAtNanos
        method = summary.method
        path = summary.path
        query = HeaderCoding.redactor.redactQuery(summary.query)
        requestHeaders = HeaderCoding.encode(summary.requestHeaders)
        requestBody = Data(summary.requestBody)
        requestBodySha256 = sha256 ?? RequestFingerprint.bodySHA256(summary.requestBody)
        status = summary.status
        responseHeaders = HeaderCoding.encode(summary.responseHeaders)
        isStreaming = summary.isStreaming
        model = summary.model
        stopReason = summary.stopReason
        outcome = summary.outcome.rawValue
        firstByteNs = summary.firstByteNanos
        ttftNs = summary.ttftNanos
        durationNs = summary.durationNanos
        inputTokens = summary.inputTokens
        outputTokens = summary.outputTokens
        cacheCreationInputTokens = summary.cacheCreationInputTokens
        cacheReadInputTokens = summary.cacheReadInputTokens
        eventCount = summary.eventCount
        errorType = summary.errorType
        errorMessage = summary.errorMessage
        retryOf = summary.retryOf
        attempt = summary.attempt
        droppedEvents = summary.droppedEvents
        note = summary.note
        self.trailingBytes = Data(trailingBytes)
        trailingOffsetNs = trailingOffsetNanos
        sessionId = summary.sessionID
        threadId = summary.threadID
        turn = summary.turn
        continues = summary.continues
    }

    /// The Core value of this row (an unknown outcome string reads as `interrupted`, noted).
    var summary: ExchangeSummary {
        let knownOutcome = ExchangeOutcome(rawValue: outcome)
        var summary = ExchangeSummary(
            id: id, startedAtNanos: startedAtNs, method: method, path: path, query: query,
            requestHeaders: HeaderCoding.decode(requestHeaders), requestBody: [UInt8](requestBody), status: status,
            responseHeaders: HeaderCoding.decode(responseHeaders), isStreaming: isStreaming, model: model,
            stopReason: stopReason, outcome: knownOutcome ?? .interrupted, firstByteNanos: firstByteNs,
            ttftNanos: ttftNs, durationNanos: durationNs, inputTokens: inputTokens, outputTokens: outputTokens,
            cacheCreationInputTokens: cacheCreationInputTokens, cacheReadInputTokens: cacheReadInputTokens,
            eventCount: eventCount, errorType: errorType, errorMessage: errorMessage, retryOf: retryOf,
            attempt: attempt, droppedEvents: droppedEvents, note: note, sessionID: sessionId, threadID: threadId,
            turn: turn, continues: continues
        )
        if knownOutcome == nil {
            summary.note = [note, "unknown outcome \"\(outcome)\" in the database"].compactMap { $0 }
                .joined(separator: "; ")
        }
        return summary
    }
}

extension ExchangeRecord {
    /// This exchange with its events read from `db`: what loading one exchange, a session and grouping share.
    func recorded(_ db: Database) throws -> RecordedExchange {
        RecordedExchange(
            summary: summary, events: try EventRecord.events(of: id, db), trailingBytes: [UInt8](trailingBytes),
            trailingOffsetNanos: trailingOffsetNs)
    }
}

import Foundation
import GRDB
import TapedeckCore

/// One row of `exchanges`, column for column; converts to and from the Core `ExchangeSummary`.
package struct ExchangeRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    package static let databaseTableName = "exchanges"
    package static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    package static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    package var id: String
    package var startedAtNs: Int64
    package var method: String
    package var path: String
    package var query: String?
    package var requestHeaders: String
    package var requestBody: Data
    package var requestBodySha256: String
    package var status: Int?
    package var responseHeaders: String
    package var isStreaming: Bool
    package var model: String?
    package var stopReason: String?
    package var outcome: String
    package var firstByteNs: Int64?
    package var ttftNs: Int64?
    package var durationNs: Int64?
    package var inputTokens: Int?
    package var outputTokens: Int?
    package var cacheCreationInputTokens: Int?
    package var cacheReadInputTokens: Int?
    package var eventCount: Int
    package var errorType: String?
    package var errorMessage: String?
    package var retryOf: String?
    package var attempt: Int
    package var droppedEvents: Int
    package var note: String?
    package var trailingBytes: Data
    package var trailingOffsetNs: Int64?
    package var sessionId: String?
    package var threadId: String?
    package var turn: Int?
    package var continues: String?

    /// The columns queries name (the rest are read and written through Codable).
    package enum Columns {
        package static let id = Column("id")
        package static let startedAtNs = Column("started_at_ns")
        package static let path = Column("path")
        package static let outcome = Column("outcome")
        package static let sessionId = Column("session_id")
        package static let threadId = Column("thread_id")
        package static let turn = Column("turn")
        package static let continues = Column("continues")
        package static let status = Column("status")
        package static let responseHeaders = Column("response_headers")
        package static let isStreaming = Column("is_streaming")
        package static let model = Column("model")
        package static let stopReason = Column("stop_reason")
        package static let firstByteNs = Column("first_byte_ns")
        package static let ttftNs = Column("ttft_ns")
        package static let durationNs = Column("duration_ns")
        package static let inputTokens = Column("input_tokens")
        package static let outputTokens = Column("output_tokens")
        package static let cacheCreationInputTokens = Column("cache_creation_input_tokens")
        package static let cacheReadInputTokens = Column("cache_read_input_tokens")
        package static let eventCount = Column("event_count")
        package static let errorType = Column("error_type")
        package static let errorMessage = Column("error_message")
        package static let droppedEvents = Column("dropped_events")
        package static let note = Column("note")
        package static let trailingBytes = Column("trailing_bytes")
        package static let trailingOffsetNs = Column("trailing_offset_ns")
    }

    /// The row for `summary`, with the trailing fragment of its response body.
    package init(
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
    package var summary: ExchangeSummary {
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

extension ExchangeRecord {
    /// Writes exchange `id`'s place in its session (session, thread, turn, what it continues): the one update the
    /// grouping makes, whether it assigns an exchange first or moves it when it finishes.
    static func place(_ id: String, session: String?, thread: String?, turn: Int?, continues: String?, _ db: Database)
        throws
    {
        try ExchangeRecord.filter(key: id).updateAll(
            db, Columns.sessionId.set(to: session), Columns.threadId.set(to: thread), Columns.turn.set(to: turn),
            Columns.continues.set(to: continues))
    }
}

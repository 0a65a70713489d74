import Foundation
import GRDB
import TapedeckCore

/// One row of `exchanges`, column for column; converts to and from the Core `ExchangeSummary`.
struct ExchangeRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "exchanges"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

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

    /// The columns queries name (the rest are read and written through Codable).
    enum Columns {
        static let id = Column("id")
        static let startedAtNs = Column("started_at_ns")
        static let path = Column("path")
        static let outcome = Column("outcome")
        static let sessionId = Column("session_id")
        static let threadId = Column("thread_id")
        static let turn = Column("turn")
        static let continues = Column("continues")
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

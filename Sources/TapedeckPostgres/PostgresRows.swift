import Foundation
import NIOCore
import PostgresNIO
import TapedeckCore
import TapedeckStore

/// Reading and writing `exchanges` and `events` rows: the column list in one order, and its decoding.
enum PostgresRows {
    /// Every column of `exchanges`, in the order `exchange(from:)` decodes.
    static let exchangeColumns = """
        id, started_at_ns, method, path, query, request_headers, request_body, request_body_sha256, status,
        response_headers, is_streaming, model, stop_reason, outcome, first_byte_ns, ttft_ns, duration_ns,
        input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens, event_count, error_type,
        error_message, retry_of, attempt, dropped_events, note, trailing_bytes, trailing_offset_ns, session_id,
        thread_id, turn, continues
        """

    /// The same columns with the request body left out (read on demand when a turn needs it).
    static let exchangeColumnsWithoutBody = exchangeColumns.replacingOccurrences(
        of: "request_headers, request_body,", with: "request_headers, ''::bytea,")

    /// The same columns with the bodies and headers left out (what session figures need).
    static let exchangeFactsColumns = """
        id, started_at_ns, method, path, query, '[]', ''::bytea, request_body_sha256, status,
        '[]', is_streaming, model, stop_reason, outcome, first_byte_ns, ttft_ns, duration_ns,
        input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens, event_count, error_type,
        error_message, retry_of, attempt, dropped_events, note, ''::bytea, trailing_offset_ns, session_id,
        thread_id, turn, continues
        """

    /// One decoded `exchanges` row: the Core summary and the trailing fragment.
    struct Exchange {
        /// The row as Core sees it.
        var summary: ExchangeSummary
        /// The bytes after the last complete event.
        var trailingBytes: [UInt8]
        /// When they arrived.
        var trailingOffsetNanos: Int64?
    }

    /// Decodes a row selected with `exchangeColumns` (or `exchangeFactsColumns`).
    static func exchange(from row: PostgresRow) throws -> Exchange {
        let c = row.makeRandomAccess()
        func string(_ index: Int) throws -> String { try c[index].decode(String.self) }
        func optionalString(_ index: Int) throws -> String? { try c[index].decode(String?.self) }
        func optionalInt64(_ index: Int) throws -> Int64? { try c[index].decode(Int64?.self) }
        func optionalInt(_ index: Int) throws -> Int? { try c[index].decode(Int64?.self).map { Int($0) } }
        func bytes(_ index: Int) throws -> [UInt8] {
            guard let buffer = try c[index].decode(ByteBuffer?.self) else { return [] }
            return Array(buffer.readableBytesView)
        }
        let outcomeText = try string(13)
        let outcome = ExchangeOutcome(rawValue: outcomeText)
        var summary = ExchangeSummary(
            id: try string(0), startedAtNanos: try c[1].decode(Int64.self), method: try string(2),
            path: try string(3), query: try optionalString(4),
            requestHeaders: HeaderCoding.decode(try string(5)), requestBody: try bytes(6),
            status: try optionalInt(8), responseHeaders: HeaderCoding.decode(try string(9)),
            isStreaming: try c[10].decode(Bool.self), model: try optionalString(11),
            stopReason: try optionalString(12), outcome: outcome ?? .interrupted,
            firstByteNanos: try optionalInt64(14), ttftNanos: try optionalInt64(15),
            durationNanos: try optionalInt64(16), inputTokens: try optionalInt(17), outputTokens: try optionalInt(18),
            cacheCreationInputTokens: try optionalInt(19), cacheReadInputTokens: try optionalInt(20),
            eventCount: Int(try c[21].decode(Int32.self)), errorType: try optionalString(22),
            errorMessage: try optionalString(23), retryOf: try optionalString(24),
            attempt: Int(try c[25].decode(Int32.self)), droppedEvents: Int(try c[26].decode(Int32.self)),
            note: try optionalString(27), sessionID: try optionalString(30), threadID: try optionalString(31),
            turn: try c[32].decode(Int32?.self).map { Int($0) }, continues: try optionalString(33))
        if outcome == nil {
            summary.note = [summary.note, "unknown outcome \"\(outcomeText)\" in the database"].compactMap { $0 }
                .joined(separator: "; ")
        }
        return Exchange(summary: summary, trailingBytes: try bytes(28), trailingOffsetNanos: try optionalInt64(29))
    }

    /// Decodes `seq, offset_ns, type, data, raw`.
    static func event(from row: PostgresRow) throws -> RecordedEvent {
        let c = row.makeRandomAccess()
        let raw = try c[4].decode(ByteBuffer.self)
        return RecordedEvent(
            sequence: Int(try c[0].decode(Int32.self)), offsetNanos: try c[1].decode(Int64.self),
            type: try c[2].decode(String.self), data: try c[3].decode(String.self), raw: Array(raw.readableBytesView))
    }

    /// Decodes `id, key, grouped_by, client, started_at_ns, last_at_ns`.
    static func session(from row: PostgresRow) throws -> SessionSummary {
        let c = row.makeRandomAccess()
        return SessionSummary(
            id: try c[0].decode(String.self), key: try c[1].decode(String?.self),
            grouping: SessionGrouping(rawValue: try c[2].decode(String.self)) ?? .inferred,
            client: try c[3].decode(String?.self), startedAtNanos: try c[4].decode(Int64.self),
            lastAtNanos: try c[5].decode(Int64.self))
    }

    /// The INSERT of one exchange row, every column bound.
    static func insert(_ record: ExchangeRecord) -> PostgresQuery {
        let requestBody = ByteBuffer(data: record.requestBody)
        let trailing = ByteBuffer(data: record.trailingBytes)
        let status = record.status.map { Int64($0) }
        let inputTokens = record.inputTokens.map { Int64($0) }
        let outputTokens = record.outputTokens.map { Int64($0) }
        let cacheCreation = record.cacheCreationInputTokens.map { Int64($0) }
        let cacheRead = record.cacheReadInputTokens.map { Int64($0) }
        let turn = record.turn.map { Int64($0) }
        return """
            INSERT INTO exchanges (\(unescaped: exchangeColumns)) VALUES (
            \(record.id), \(record.startedAtNs), \(record.method), \(record.path), \(record.query),
            \(record.requestHeaders), \(requestBody), \(record.requestBodySha256), \(status)::int,
            \(record.responseHeaders), \(record.isStreaming), \(record.model), \(record.stopReason), \(record.outcome),
            \(record.firstByteNs), \(record.ttftNs), \(record.durationNs), \(inputTokens), \(outputTokens),
            \(cacheCreation), \(cacheRead), \(Int64(record.eventCount))::int, \(record.errorType),
            \(record.errorMessage), \(record.retryOf), \(Int64(record.attempt))::int,
            \(Int64(record.droppedEvents))::int, \(record.note), \(trailing), \(record.trailingOffsetNs),
            \(record.sessionId), \(record.threadId), \(turn)::int, \(record.continues))
            """
    }
}

import Foundation
import TapedeckCore

/// Recorded exchanges built in code for replay tests.
enum ReplayFixtures {
    static let streamHeaders = [
        HeaderField(name: "content-type", value: "text/event-stream; charset=utf-8"),
        HeaderField(name: "request-id", value: "req_recorded"),
    ]

    /// A streaming exchange whose events are `events` (raw text) at `offsetsMillis`.
    static func streaming(
        id: String, startedAt: Int64 = 0, body: String = #"{"model":"m","stream":true}"#, events: [String],
        offsetsMillis: [Int64]? = nil, trailing: String = "", trailingAtMillis: Int64? = nil,
        outcome: ExchangeOutcome = .complete, headers: [HeaderField] = streamHeaders, firstByteMillis: Int64? = nil
    ) -> RecordedExchange {
        let offsets = offsetsMillis ?? events.indices.map { Int64($0) }
        let recorded = zip(events.indices, zip(events, offsets)).map { index, pair in
            RecordedEvent(
                sequence: index, offsetNanos: pair.1 * 1_000_000, type: eventType(pair.0), data: "",
                raw: Array(pair.0.utf8))
        }
        let summary = ExchangeSummary(
            id: id, startedAtNanos: startedAt, method: "POST", path: "/v1/messages",
            requestBody: Array(body.utf8), status: 200, responseHeaders: headers, isStreaming: true,
            outcome: outcome, firstByteNanos: (firstByteMillis ?? offsets.first ?? 0) * 1_000_000,
            eventCount: events.count)
        return RecordedExchange(
            summary: summary, events: recorded, trailingBytes: Array(trailing.utf8),
            trailingOffsetNanos: trailing.isEmpty ? nil : (trailingAtMillis ?? (offsets.last ?? 0)) * 1_000_000)
    }

    /// A non-streaming exchange (JSON body or HTTP error).
    static func json(
        id: String, startedAt: Int64 = 0, body: String = #"{"model":"m","stream":true}"#, status: Int,
        response: String, outcome: ExchangeOutcome, atMillis: Int64 = 1
    ) -> RecordedExchange {
        let summary = ExchangeSummary(
            id: id, startedAtNanos: startedAt, method: "POST", path: "/v1/messages",
            requestBody: Array(body.utf8), status: status,
            responseHeaders: [
                HeaderField(name: "content-type", value: "application/json"),
                HeaderField(name: "content-length", value: String(response.utf8.count)),
            ],
            isStreaming: false, outcome: outcome, firstByteNanos: atMillis * 1_000_000)
        return RecordedExchange(
            summary: summary, events: [], trailingBytes: Array(response.utf8),
            trailingOffsetNanos: atMillis * 1_000_000)
    }

    static let basicEvents = [
        "event: message_start\ndata: {\"type\":\"message_start\"}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\"}\n\n",
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
    ]

    private static func eventType(_ raw: String) -> String {
        raw.split(separator: "\n").first { $0.hasPrefix("event: ") }.map { String($0.dropFirst(7)) } ?? "message"
    }
}

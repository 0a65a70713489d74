import Foundation
import TapedeckCore

@testable import TapedeckStore

/// A fresh directory per test (tests run in parallel), removed when the value goes away.
final class TemporaryDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tapedeck-store-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A path inside the directory.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

enum Fixtures {
    static let requestBody = Array(
        #"{"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Hi"}]}"#
            .utf8)

    /// The SSE events of a short complete answer "Hello there".
    static func events(model: String = "claude-sonnet-4-5", text: [String] = ["Hello", " there"]) -> [RecordedEvent] {
        var payloads: [(String, String)] = [
            (
                "message_start",
                #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"\#(model)","content":[],"stop_reason":null,"usage":{"input_tokens":10,"output_tokens":1}}}"#
            ),
            (
                "content_block_start",
                #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#
            ),
        ]
        for piece in text {
            payloads.append(
                (
                    "content_block_delta",
                    #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\#(piece)"}}"#
                ))
        }
        payloads.append(("content_block_stop", #"{"type":"content_block_stop","index":0}"#))
        payloads.append(
            (
                "message_delta",
                #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":5}}"#
            ))
        payloads.append(("message_stop", #"{"type":"message_stop"}"#))
        return payloads.enumerated().map { index, payload in
            let raw = Array("event: \(payload.0)\r\ndata: \(payload.1)\r\n\r\n".utf8)
            return RecordedEvent(
                sequence: index, offsetNanos: Int64(index + 1) * 1_000_000, type: payload.0, data: payload.1, raw: raw)
        }
    }

    /// A finished exchange summary.
    static func summary(
        id: String = ShortID.generate(), startedAt: Int64 = 1_764_000_000_000_000_000,
        outcome: ExchangeOutcome = .complete, model: String? = "claude-sonnet-4-5", body: [UInt8] = requestBody,
        ttftMillis: Int64? = 120, eventCount: Int = 7
    ) -> ExchangeSummary {
        ExchangeSummary(
            id: id, startedAtNanos: startedAt, method: "POST", path: "/v1/messages",
            requestHeaders: [
                HeaderField(name: "content-type", value: "application/json"),
                HeaderField(name: "x-api-key", value: HeaderRedactor.marker(for: "sk-ant-test")),
            ], requestBody: body, status: outcome == .httpError ? 529 : 200,
            responseHeaders: [HeaderField(name: "content-type", value: "text/event-stream")], isStreaming: true,
            model: model, stopReason: outcome == .complete ? "end_turn" : nil, outcome: outcome,
            firstByteNanos: 50_000_000,
            ttftNanos: ttftMillis.map { $0 * 1_000_000 }, durationNanos: 900_000_000, inputTokens: 10, outputTokens: 5,
            eventCount: eventCount, errorType: outcome == .errorEvent ? "overloaded_error" : nil,
            errorMessage: outcome == .errorEvent ? "Overloaded" : nil)
    }

    /// A whole exchange with events and an optional cut-off trailing fragment.
    static func exchange(
        id: String = ShortID.generate(), startedAt: Int64 = 1_764_000_000_000_000_000,
        outcome: ExchangeOutcome = .complete, model: String = "claude-sonnet-4-5",
        text: [String] = ["Hello", " there"],
        ttftMillis: Int64? = 120, trailing: [UInt8] = []
    ) -> RecordedExchange {
        let events = events(model: model, text: text)
        return RecordedExchange(
            summary: summary(
                id: id, startedAt: startedAt, outcome: outcome, model: model, ttftMillis: ttftMillis,
                eventCount: events.count),
            events: events, trailingBytes: trailing, trailingOffsetNanos: trailing.isEmpty ? nil : 99_000_000)
    }

    static func fileBytes(_ path: String) -> [UInt8] {
        (FileManager.default.contents(atPath: path)).map { [UInt8]($0) } ?? []
    }

    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
    }
}

extension RecordedExchange {
    /// The exchange without what the store adds on insert (its session, thread, turn and parent), to compare a
    /// loaded exchange with the one inserted.
    var ungrouped: RecordedExchange {
        var copy = self
        copy.summary.sessionID = nil
        copy.summary.threadID = nil
        copy.summary.turn = nil
        copy.summary.continues = nil
        return copy
    }
}

import Foundation
import TapedeckCore
import Testing

@testable import TapedeckExport

@Suite("show and stats reports")
struct ReportTests {
    @Test("show: request summary, timings, stats figures, message, diagnostics and PARTIAL label")
    func showPartial() throws {
        let exchange = try SampleExchanges.exchange("cut_before_stop")
        let text = ShowReport(exchange: exchange).text()
        #expect(text.hasPrefix("Exchange 0123abcdef  PARTIAL (upstream_disconnect): "))
        #expect(text.contains("Request   POST /v1/messages  model claude-sonnet-4-5-20250929"))
        #expect(text.contains("x-api-key: [redacted fp:"))
        #expect(text.contains("Timings   first byte 200 ms  TTFT "))
        #expect(text.contains("gap p99 "))
        #expect(text.contains("── Message (PARTIAL) ──"))
        #expect(text.contains("Streaming connections can break at any"))
        #expect(text.contains("missing_message_stop"))
        #expect(text.contains("trailing bytes never formed a complete event"))
    }

    @Test("show: tool calls as JSON and the retry chain position")
    func showToolsAndChain() throws {
        var exchange = try SampleExchanges.exchange("tool_use_single", id: "bbbb000002")
        exchange.summary.attempt = 2
        exchange.summary.retryOf = "bbbb000001"
        let first = ExchangeSummary(
            id: "bbbb000001", startedAtNanos: 0, method: "POST", path: "/v1/messages", status: 529, outcome: .httpError)
        let report = ShowReport(exchange: exchange, chain: [first, exchange.summary])
        let text = report.text()
        #expect(text.contains("Retry     attempt 2 of 2: 1) bbbb000001 http_error  2) bbbb000002 complete (this)"))
        #expect(text.contains("[tool_use "))
        #expect(text.contains("{\n  \""))
        let json = report.json()
        #expect(json["id"]?.stringValue == "bbbb000002")
        #expect(json["retry_chain"]?.arrayValue?.count == 2)
        #expect(json["message"]?["stop_reason"]?.stringValue == "tool_use")
        #expect(json["stats"]?["gap_p99_ms"]?.doubleValue != nil)
    }

    @Test("show: what was asked (last user message, system prompt on demand) and the whole body in --json")
    func showWhatWasAsked() throws {
        var exchange = try SampleExchanges.exchange("text_basic")
        let body: JSONValue = [
            "model": "claude-sonnet-4-5-20250929", "max_tokens": 64, "system": "You are terse.",
            "messages": [
                ["role": "user", "content": "first question"], ["role": "assistant", "content": "an answer"],
                [
                    "role": "user",
                    "content": [
                        ["type": "tool_result", "tool_use_id": "toolu_9"], ["type": "text", "text": "And why?"],
                    ],
                ],
            ],
        ]
        exchange.summary.requestBody = Array(body.serialized().utf8)
        let plain = ShowReport(exchange: exchange).text()
        #expect(plain.contains("── Asked (last user message) ──\n[tool_result toolu_9]\n\nAnd why?\n"))
        #expect(!plain.contains("first question") && !plain.contains("You are terse."))
        let withSystem = ShowReport(exchange: exchange, includesSystemPrompt: true).text()
        #expect(withSystem.contains("── System prompt ──\nYou are terse.\n"))
        #expect(ShowReport(exchange: exchange).json()["request_body"] == body)
        exchange.summary.requestBody = []
        #expect(ShowReport(exchange: exchange).json()["request_body"] == .null)
        #expect(!ShowReport(exchange: exchange).text().contains("── Asked"))
    }

    @Test("show: a JSON 529 is FAILED with its error, and gets no stream diagnostics and no stall")
    func showJSONErrorHasNoStreamDiagnostics() throws {
        let body = Array(#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#.utf8)
        let summary = ExchangeSummary(
            id: "c000000529", startedAtNanos: 0, method: "POST", path: "/v1/messages", status: 529,
            responseHeaders: [HeaderField(name: "content-type", value: "application/json")], isStreaming: false,
            outcome: .httpError, firstByteNanos: 150_000, durationNanos: 310_000, errorType: "overloaded_error",
            errorMessage: "Overloaded")
        let exchange = RecordedExchange(summary: summary, events: [], trailingBytes: body, trailingOffsetNanos: 155_000)
        let text = ShowReport(exchange: exchange).text()
        #expect(text.hasPrefix("Exchange c000000529  FAILED (http_error)"))
        #expect(!text.contains("missing_message_stop"))
        #expect(text.contains("longest stall -"))
        #expect(text.contains("── Diagnostics ──\nnone"))
        #expect(ShowReport(exchange: exchange).json()["diagnostics"]?.arrayValue?.isEmpty == true)
    }

    @Test("stats text and JSON carry the hand-checked figures")
    func statsRendering() throws {
        let a = try SampleExchanges.exchange("text_basic", id: "s000000001")
        var b = try SampleExchanges.exchange("error_midstream", id: "s000000002")
        b.summary.model = "claude-opus-4-1-20250805"
        let report = ExchangeStatsReport(exchanges: [a, b], grouping: .outcome)
        let text = StatsReportRenderer.text(report, scope: "since 24h")
        #expect(text.hasPrefix("Exchanges      2 since 24h  (complete 1, error_event 1)\n"))
        #expect(text.contains("Error rate     50.0%  (1 of 2 failed)"))
        #expect(text.contains("OUTCOME"))
        let json = StatsReportRenderer.json(report, since: "24h")
        #expect(json["exchanges"]?.intValue == 2)
        #expect(json["error_rate"]?.doubleValue == 0.5)
        #expect(json["outcomes"]?["error_event"]?.intValue == 1)
        #expect(json["groups"]?.arrayValue?.map { $0["key"]?.stringValue } == ["complete", "error_event"])
        #expect(json["ttft_ms"]?["p50"]?.doubleValue == ExchangeJSON.millis(a.summary.ttftNanos).doubleValue)
    }

    @Test("durations read well")
    func durationText() {
        #expect(DurationText.format(nil) == "-")
        #expect(DurationText.format(850) == "850 ns")
        #expect(DurationText.format(850_000) == "850 µs")
        #expect(DurationText.format(412_400_000) == "412 ms")
        #expect(DurationText.format(3_214_000_000) == "3.21 s")
        #expect(DurationText.format(42_000_000_000) == "42.0 s")
        #expect(DurationText.format(125_000_000_000) == "2 m 05 s")
        #expect(DurationText.fixed(0.05, digits: 1) == "0.1")
    }
}

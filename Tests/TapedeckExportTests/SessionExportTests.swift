import Foundation
import TapedeckCore
import Testing

@testable import TapedeckExport

/// Session transcripts (Markdown, JSON, JSONL, HAR), `show SESSION` and `stats --by session`, on `SampleSession`
/// (regenerate the golden file with `TAPEDECK_UPDATE_GOLDEN=1 swift test --filter SessionExportTests`).
@Suite("Session exports and reports")
struct SessionExportTests {
    @Test("the session Markdown transcript matches the golden file")
    func markdownGolden() throws {
        let markdown = SessionMarkdownExporter.export(try SampleSession.session())
        #expect(try SampleExchanges.matchesGolden(markdown, "session_tool_loop.md"))
    }

    @Test("the transcript has the user text, collapsible thinking, tool calls and results, marked failures")
    func markdownContent() throws {
        let markdown = SessionMarkdownExporter.export(try SampleSession.session())
        #expect(markdown.hasPrefix("# Session 5e55100000: PARTIAL\n"))
        #expect(markdown.contains("## Thread 1 (main)\n"))
        #expect(markdown.contains("## Thread 2\n"))
        #expect(markdown.contains("#### User\n\nWhat is the weather like in San Francisco?\n"))
        #expect(markdown.contains("<details><summary>Thinking</summary>\n\n> "))
        #expect(markdown.contains("**Tool call `get_weather`** (`\(SampleSession.toolUseID)`):\n\n```json\n{\n"))
        #expect(
            markdown.contains("**Tool result** for `\(SampleSession.toolUseID)`:\n\n```\n15 degrees Celsius, sunny"))
        #expect(markdown.contains("### Turn 2, attempt 1: FAILED"))
        #expect(markdown.contains("> **FAILED** (`http_error`, HTTP 529)"))
        #expect(markdown.contains("`overloaded_error`: Overloaded"))
        #expect(markdown.contains("### Turn 2, attempt 2: COMPLETE"))
        #expect(markdown.contains("retry of `1000000002`: the same request was sent again."))
        #expect(markdown.contains("#### User\n\nAnd tomorrow?\n"))
        #expect(markdown.contains("_PARTIAL: the stream ended before message_stop"))
        #expect(markdown.contains("_exchange `1000000003` · after a gap of 700 ms · TTFT "))
        let mainThread = try #require(markdown.range(of: "## Thread 2\n"))
        #expect(markdown[..<mainThread.lowerBound].contains("And tomorrow?"), "the main thread is written whole first")
    }

    @Test("the main thread comes first even when a side request started the session")
    func mainThreadFirst() throws {
        let sample = try SampleSession.session()
        let exchanges = sample.exchanges.map { exchange -> RecordedExchange in
            var moved = exchange
            if moved.summary.id == "1000000004" { moved.summary.startedAtNanos = SampleSession.t0 - 2_000_000_000 }
            return moved
        }
        let session = RecordedSession(summary: sample.summary, exchanges: exchanges)
        #expect(session.turns.first?.exchangeID == "1000000004")
        let markdown = SessionMarkdownExporter.export(session)
        let main = try #require(markdown.range(of: "## Thread 2 (main)\n"))
        let side = try #require(markdown.range(of: "## Thread 1\n"))
        #expect(main.lowerBound < side.lowerBound)
    }

    @Test("inline images and documents are summarised, not dumped as base64")
    func media() {
        let image: JSONValue = [
            "type": "image", "source": ["type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="],
        ]
        let content: JSONValue = [
            image, ["type": "tool_result", "tool_use_id": "toolu_1", "content": [image]],
            ["type": "image", "source": ["type": "url", "url": "https://example.com/a.png"]],
        ]
        var out = MarkdownWriter()
        SessionMarkdownContent.write(content, into: &out)
        #expect(!out.text.contains("iVBORw0KGgo="))
        #expect(out.text.components(separatedBy: "_image (image/png, 12 bytes of base64)_").count == 3)
        #expect(out.text.contains("https://example.com/a.png"))
    }

    @Test("no export of a session carries a secret")
    func secretsStayRedacted() throws {
        let session = try SampleSession.session()
        let outputs = [
            SessionMarkdownExporter.export(session), SessionJSONExporter.export(session),
            JSONLExporter.export(session.exchanges), HARExporter.export(session.exchanges),
            SessionShowReport(session: session).text(),
            SessionShowReport(session: session).json().serialized(),
        ]
        for output in outputs { #expect(!output.contains("sk-ant-test")) }
        #expect(HARExporter.export(session.exchanges).contains(HeaderRedactor.marker(for: "sk-ant-test")))
    }

    @Test("the JSON export is the final message list of the main thread plus per-turn timing")
    func json() throws {
        let object = SessionJSONExporter.object(try SampleSession.session())
        #expect(object["id"]?.stringValue == SampleSession.id)
        #expect(object["figures"]?["exchanges"]?.intValue == 5)
        #expect(object["figures"]?["turns"]?.intValue == 4)
        #expect(object["figures"]?["threads"]?.intValue == 2)
        #expect(object["final_exchange"]?["id"]?.stringValue == "1000000005")
        #expect(object["final_exchange"]?["outcome"]?.stringValue == "upstream_disconnect")
        let messages = try #require(object["messages"]?.arrayValue)
        #expect(
            messages.map { $0["role"]?.stringValue ?? "" } == [
                "user", "assistant", "user", "assistant", "user", "assistant",
            ])
        #expect(messages[4]["content"]?.stringValue == "And tomorrow?")
        #expect(messages[3]["content"]?[0]?["text"]?.stringValue == "Hello! How can I help you today?")
        let turns = try #require(object["turns"]?.arrayValue)
        #expect(
            turns.map { $0["exchange"]?.stringValue ?? "" } == [
                "1000000001", "1000000004", "1000000002", "1000000003", "1000000005",
            ])
        #expect(turns[0]["ttft_ms"]?.doubleValue != nil)
        #expect(turns[2]["status"]?.intValue == 529)
        #expect(turns[3]["attempt"]?.intValue == 2)
        #expect(turns[0]["tool_calls"]?.arrayValue == ["get_weather"])
    }

    @Test("show SESSION lists one line per turn, then the anomalies")
    func showText() throws {
        let text = SessionShowReport(session: try SampleSession.session()).text()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "Session 5e55100000  PARTIAL (worst outcome upstream_disconnect)")
        let turnSection = lines.drop { !$0.hasPrefix("── Turns") }.dropFirst(2).prefix { !$0.isEmpty }
        let turnLines = Array(turnSection)
        #expect(turnLines.map { String($0.prefix { $0 != " " }) } == ["1.1", "2.1", "1.2", "1.2#2", "1.3"])
        let first = try #require(turnLines.first)
        #expect(first.contains("user: \"What is the weather like in San Francisco?\""))
        #expect(first.contains("get_weather"))
        let retry = try #require(turnLines.first { $0.hasPrefix("1.2 ") })
        #expect(retry.contains("user: tool_result") && retry.contains("http_error 529"))
        let anomalies = lines.drop { $0 != "── Anomalies ──" }.dropFirst().prefix { !$0.isEmpty }.map(columns)
        #expect(
            anomalies.contains {
                $0 == ["1.2", "1000000002", "failed: HTTP 529 http_error: overloaded_error \"Overloaded\" (at end)"]
            })
        #expect(anomalies.contains { $0 == ["1.2#2", "1000000003", "retry: attempt 2 of 1000000002"] })
        #expect(
            anomalies.contains {
                $0 == ["1.3", "1000000005", "partial: stream ended without message_stop (94 trailing bytes) (at end)"]
            })
        #expect(anomalies.contains { $0.last?.contains("block_never_stopped") == true })
    }

    /// A table line as its first two columns and the rest.
    private func columns(_ line: String) -> [String] {
        var rest = Substring(line)
        var cells: [String] = []
        for _ in 0..<2 {
            cells.append(String(rest.prefix { $0 != " " }))
            rest = rest.drop { $0 != " " }.drop { $0 == " " }
        }
        return cells + [String(rest)]
    }

    @Test("show SESSION --json has the session, its turns with new input, and the anomalies")
    func showJSON() throws {
        let object = SessionShowReport(session: try SampleSession.session()).json()
        #expect(object["label"]?.stringValue == "PARTIAL")
        let turns = try #require(object["turns"]?.arrayValue)
        #expect(turns.count == 5)
        #expect(turns[2]["new_input"]?[0]?["content"]?[0]?["type"]?.stringValue == "tool_result")
        let kinds = (object["anomalies"]?.arrayValue ?? []).compactMap { $0["kind"]?.stringValue }
        #expect(kinds.contains("failed") && kinds.contains("retry") && kinds.contains("diagnostic"))
    }

    @Test("stats --by session has one group per session, oldest first")
    func statsBySession() throws {
        let session = try SampleSession.session()
        var other = try SampleExchanges.exchange("text_basic", id: "2000000001")
        other.summary.startedAtNanos = SampleSession.t0 - 1_000
        other.summary.sessionID = "0a0a0a0a0a"
        let report = ExchangeStatsReport.bySession(session.exchanges + [other])
        #expect(report.groups.map(\.key) == ["0a0a0a0a0a", SampleSession.id])
        #expect(report.groups.map(\.stats.exchangeCount) == [1, 5])
        #expect(report.groups[1].stats.failureCount == 2)
        let text = StatsReportRenderer.text(report, scope: "since 24h", by: "session")
        #expect(text.contains("\nSESSION "))
        let json = StatsReportRenderer.json(report, since: "24h", by: "session")
        #expect(json["by"]?.stringValue == "session")
        #expect(json["groups"]?[1]?["key"]?.stringValue == SampleSession.id)
    }
}

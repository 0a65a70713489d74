import Foundation
import TapedeckCore
import Testing

@testable import TapedeckExport

/// The HTML replay's data, checked without a browser: the edits the page applies give, at every event of every
/// Sample, exactly the panes Core's timeline holds there; the page is self-contained and says what it holds.
@Suite("HTML replay data")
struct HTMLReplayDataTests {
    /// What the page shows, event by event, applying the edits as replay.js does (slice + append).
    struct Replayed {
        let data: ReplayExchangeData
        var slots: [Int: [PaneItem]] = [:]
        var position = 0

        init(_ data: ReplayExchangeData) {
            self.data = data
            for edit in data.start { apply(edit) }
        }

        /// Moves forward to `target` events.
        mutating func advance(to target: Int) {
            while position < target {
                for edit in data.edits[position] { apply(edit) }
                position += 1
            }
        }

        private mutating func apply(_ edit: PaneEdit) {
            switch edit {
            case .replace(let slot, let items):
                slots[slot] = items
            case .edit(let slot, let item, let keep, let tail):
                guard var items = slots[slot] else {
                    Issue.record("edit of slot \(slot) before it was filled")
                    return
                }
                let text = items[item].text
                if text.utf16.count == keep {
                    items[item].text = text + tail
                } else {
                    items[item].text = String(
                        decoding: Array(text.utf16.prefix(keep)) + Array(tail.utf16), as: UTF16.self)
                }
                slots[slot] = items
            }
        }
    }

    /// What Core's timeline holds at `position`, as items, block by block, the message's own lines last.
    static func expected(_ timeline: Timeline, at position: Int) -> [Int: [PaneItem]] {
        var timeline = timeline
        timeline.seek(toPosition: position)
        let message = timeline.message
        var slots: [Int: [PaneItem]] = [:]
        for (index, block) in message.content.enumerated() { slots[index] = PaneItems.items(of: block) }
        slots[-1] = PaneItems.messageItems(message, summary: timeline.exchange.summary, eventCount: timeline.eventCount)
        return slots
    }

    @Test("at every event of every Sample, the page's panes equal Core's timeline")
    func everySampleEveryEvent() throws {
        for name in try SampleExchanges.names() {
            let exchange = try SampleExchanges.exchange(name)
            let timeline = Timeline(exchange: exchange)
            let data = ReplayExchangeData(timeline: timeline)
            #expect(data.edits.count == exchange.events.count)
            // long_session has 6,108 events: every 61st and the last keep this test fast.
            let stride = exchange.events.count > 1_000 ? 61 : 1
            var positions = Array(Swift.stride(from: 0, through: exchange.events.count, by: stride))
            if positions.last != exchange.events.count { positions.append(exchange.events.count) }
            var replayed = Replayed(data)
            for position in positions {
                replayed.advance(to: position)
                let page = replayed.slots.filter { !$0.value.isEmpty }
                let core = Self.expected(timeline, at: position).filter { !$0.value.isEmpty }
                #expect(page == core, "\(name) at event \(position)")
            }
            // A delta costs its own size and a tool's parse its changed end: the edits are smaller than the stream.
            let tails = data.edits.joined().reduce(0) { total, edit in
                if case .edit(_, _, _, let tail) = edit { return total + tail.utf8.count }
                return total
            }
            let body = exchange.events.reduce(0) { $0 + $1.raw.count }
            #expect(tails < body, "\(name): \(tails) bytes of edits for a \(body)-byte stream")
        }
    }

    @Test("anomalies and findings at the end of a cut stream say 'at end', never an event past the last")
    func endOfStreamLabels() throws {
        let exchange = try SampleExchanges.exchange("cut_before_stop")
        let data = ReplayExchangeData(timeline: Timeline(exchange: exchange))
        let count = exchange.events.count
        #expect(data.anomalies.contains { $0.kind == "partial" && $0.place == "at end" })
        #expect(data.diagnostics.contains { $0.text.hasPrefix("at end: error missing_message_stop") })
        let past = "event \(count + 1)"
        #expect(!data.diagnostics.contains { $0.text.hasPrefix(past) })
        #expect(data.trailing != nil)
    }

    @Test("the page is one self-contained file: inline script and styles, a CSP that forbids loads, no URLs loaded")
    func selfContained() throws {
        let page = HTMLReplayExporter.export(try SampleExchanges.exchange("tool_use_parallel"))
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(
            page.contains(
                #"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">"#
            ))
        for pattern in [#"src\s*="#, #"href\s*="#, #"url\("#, #"@import"#, #"fetch\("#, "XMLHttpRequest", "WebSocket"] {
            #expect(page.range(of: pattern, options: .regularExpression) == nil, "the page must not load: \(pattern)")
        }
        #expect(!page.contains("{{"), "every placeholder is filled")
        #expect(page.components(separatedBy: "</script>").count == 3, "two script elements, none closed early")
    }

    @Test("text from the recording cannot close the data's script element or inject markup")
    func dataIsEscaped() throws {
        var exchange = try SampleExchanges.exchange("text_basic", id: "abcdef0001")
        let hostile = #"</script><script>alert(1)</script><!--"#
        exchange.events[2].data = exchange.events[2].data.replacingOccurrences(
            of: #""text":""#, with: #""text":"\#(hostile)"#)
        exchange.events[2].raw = Array(("event: content_block_delta\ndata: " + exchange.events[2].data + "\n\n").utf8)
        let page = HTMLReplayExporter.export(exchange)
        #expect(!page.contains(hostile))
        #expect(page.contains(#"\u003c/script>\u003cscript>alert(1)\u003c/script>\u003c!--"#))
    }

    @Test("the banner says the prompts are in; --no-request-bodies leaves every prompt out")
    func requestBodies() throws {
        let session = try SampleSession.session()
        let prompt = "What is the weather like in San Francisco?"
        let system = try #require(
            (try JSONValue.parse(bytes: try SampleExchanges.bytes("tool_use_single", ".request.json")))["tools"]?[0]?[
                "description"]?.stringValue)
        let with = HTMLReplayExporter.export(session)
        #expect(with.contains("It also contains the prompts"))
        #expect(with.contains(prompt))
        #expect(with.contains(system))
        let without = HTMLReplayExporter.export(session, options: HTMLReplayOptions(includesRequestBodies: false))
        #expect(without.contains("The prompts were left out (--no-request-bodies)"))
        #expect(!without.contains(prompt))
        #expect(!without.contains(system))
        #expect(!without.contains("And tomorrow?"))
        #expect(without.contains(#""input":"user: text""#))
        #expect(!with.contains("sk-ant-test") && !without.contains("sk-ant-test"))
    }

    @Test("a 1,000-event exchange makes a page under 1 MB")
    func size() throws {
        let exchange = try Self.exchange(events: 1_000)
        #expect(exchange.events.count == 1_000)
        let page = HTMLReplayExporter.export(exchange)
        let body = exchange.events.reduce(0) { $0 + $1.raw.count }
        print("1,000-event exchange: page \(page.utf8.count) bytes, response body \(body) bytes")
        #expect(page.utf8.count < 1_000_000)
    }

    @Test("a session page has one turn per exchange with its row, wait and request")
    func sessionTurns() throws {
        let session = try SampleSession.session()
        let data = ReplayPageData(session: session, options: HTMLReplayOptions())
        #expect(data.turns.count == session.exchanges.count)
        #expect(data.turns.map(\.code) == ["ok", "ok", "529", "ok", "cut"])
        #expect(data.turns[0].gap == nil && data.turns[1].gap != nil)
        #expect(data.turns[3].turnAnomalies.contains { $0.kind == "retry" && $0.place == "start" })
        #expect(data.turns[2].turnAnomalies.contains { $0.kind == "failed" })
        #expect(data.turns[2].exchange.start.isEmpty == false, "a failure with no events shows its status")
        #expect(data.contexts.count <= 2, "system prompts and tools are written once")
    }

    /// A streamed text answer of `events` events (all but 7 of them text deltas) over 20 seconds.
    static func exchange(events: Int, id: String = "b000000001") throws -> RecordedExchange {
        var body: [UInt8] = []
        body += SSEWriter.encode(
            event: "message_start",
            data: #"{"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","#
                + #""model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"#
                + #""usage":{"input_tokens":25,"output_tokens":1}}}"#)
        body += SSEWriter.encode(
            event: "content_block_start",
            data: #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)
        for index in 0..<(events - 7) {
            body += SSEWriter.encode(
                event: "content_block_delta",
                data:
                    #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"word \#(index) of a long answer "}}"#
            )
        }
        body += SSEWriter.encode(event: "content_block_stop", data: #"{"type":"content_block_stop","index":0}"#)
        body += SSEWriter.encode(
            event: "message_delta",
            data:
                #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":3000}}"#
        )
        body += SSEWriter.encode(event: "message_stop", data: #"{"type":"message_stop"}"#)
        body += SSEWriter.encode(event: "ping", data: #"{"type":"ping"}"#)
        body += SSEWriter.encode(event: "ping", data: #"{"type":"ping"}"#)
        let exchange = ImportedExchange(
            startedAtNanos: SampleExchanges.startedAtNanos, requestHeaders: [],
            requestBody: try SampleExchanges.bytes("text_basic", ".request.json"), status: 200,
            responseHeaders: [HeaderField(name: "content-type", value: "text/event-stream")], isStreaming: true,
            responseBody: body, timing: .spread(firstByteNanos: 300_000_000, endNanos: 20_300_000_000),
            source: "test")
        return exchange.recorded(id: id)
    }
}

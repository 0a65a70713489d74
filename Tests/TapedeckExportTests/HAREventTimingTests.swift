import Foundation
import TapedeckCore
import Testing

@testable import TapedeckExport

/// Per-event arrival times survive a HAR export and import (`_eventSourceMessages`).
@Suite struct HAREventTimingTests {
    /// A sample whose start and event offsets have nanoseconds, uneven gaps and a trailing fragment.
    private func timedExchange() throws -> RecordedExchange {
        var exchange = try SampleExchanges.exchange("cut_before_stop")
        exchange.summary.startedAtNanos += 123_456_789
        for index in exchange.events.indices {
            exchange.events[index].offsetNanos = 200_000_001 + Int64(index * index) * 1_234_567 + Int64(index % 3)
        }
        let last = exchange.events.last?.offsetNanos ?? 0
        exchange.summary.firstByteNanos = exchange.events.first?.offsetNanos
        exchange.summary.durationNanos = last + 5_000_007
        exchange.trailingOffsetNanos = exchange.trailingBytes.isEmpty ? nil : last + 5_000_007
        let firstDelta = ExchangeAssembly.assemble(exchange).firstContentDeltaEvent
        exchange.summary.ttftNanos = firstDelta.map { exchange.events[$0].offsetNanos }
        return exchange
    }

    @Test func exportThenImportKeepsEveryEventsOffsetToTheNanosecond() throws {
        let original = try timedExchange()
        let har = HARExporter.export(original)
        let imported = try HARImporter.parse(Array(har.utf8), file: "t.har", makeID: { "abc123" })
        #expect(imported.count == 1)
        let exchange = try #require(imported.first)
        #expect(exchange.summary.startedAtNanos == original.summary.startedAtNanos)
        #expect(exchange.events.map(\.offsetNanos) == original.events.map(\.offsetNanos))
        #expect(exchange.events.map(\.raw) == original.events.map(\.raw))
        #expect(exchange.summary.ttftNanos == original.summary.ttftNanos)
        #expect(exchange.trailingBytes == original.trailingBytes)
    }

    @Test func messagesFollowChromesEventSourceFields() throws {
        let original = try timedExchange()
        let document = HARExporter.document([original])
        let entry = try #require(document["log"]?["entries"]?[0])
        #expect(entry["startedDateTime"]?.stringValue == "2026-11-25T12:00:00.123456789Z")
        let messages = try #require(entry["_eventSourceMessages"]?.arrayValue)
        #expect(messages.count == original.events.count)
        let first = try #require(messages.first)
        #expect(first.objectValue?.keys == ["time", "eventName", "data"])
        #expect(first["time"]?.numberValue?.literal == "1795608000.32345679")
        #expect(first["eventName"]?.stringValue == original.events[0].type)
        #expect(first["data"]?.stringValue == original.events[0].data)
    }

    @Test func aStartOnAWholeMillisecondKeepsTheUsualThreeDecimals() throws {
        let exchange = try SampleExchanges.exchange("text_basic")
        let entry = HARExporter.document([exchange])["log"]?["entries"]?[0]
        #expect(entry?["startedDateTime"]?.stringValue == "2026-11-25T12:00:00.000Z")
    }

    @Test func chromeStyleMessagesWithoutABodyRebuildTheStream() throws {
        let har = """
            {"log": {"version": "1.2", "creator": {"name": "x", "version": "1"}, "entries": [{
              "startedDateTime": "2026-11-25T12:00:00.000Z", "time": 50,
              "request": {"method": "POST", "url": "https://api.anthropic.com/v1/messages", "headers": []},
              "response": {"status": 200, "headers": [{"name": "content-type", "value": "text/event-stream"}],
                           "content": {"mimeType": "text/event-stream"}},
              "timings": {"send": 0, "wait": 10, "receive": 40},
              "_eventSourceMessages": [
                {"time": 1795608000.0105, "eventName": "message_start", "eventId": "", "data": "{\\"type\\":\\"message_start\\",\\"message\\":{\\"id\\":\\"m\\",\\"model\\":\\"x\\",\\"role\\":\\"assistant\\",\\"content\\":[]}}"},
                {"time": 1795608000.04, "eventName": "message_stop", "eventId": "7", "data": "{\\"type\\":\\"message_stop\\"}"}
              ]}]}}
            """
        let exchange = try #require(try HARImporter.parse(Array(har.utf8), file: "c.har", makeID: { "abc" }).first)
        #expect(exchange.events.map(\.offsetNanos) == [10_500_000, 40_000_000])
        #expect(exchange.events.map(\.type) == ["message_start", "message_stop"])
        #expect(exchange.summary.outcome == .complete)
        #expect(String(decoding: exchange.events[1].raw, as: UTF8.self).contains("id: 7\n"))
    }

    @Test func badMessagesAreRefusedInWords() throws {
        let original = try timedExchange()
        let document = HARExporter.document([original])
        func importing(_ change: (inout JSONObject) -> Void) -> String? {
            guard case .object(var root) = document, case .object(var log) = root["log"],
                case .array(var entries) = log["entries"], case .object(var entry) = entries[0]
            else { return "bad fixture" }
            change(&entry)
            entries[0] = .object(entry)
            log["entries"] = .array(entries)
            root["log"] = .object(log)
            do {
                _ = try HARImporter.parse(Array(JSONValue.object(root).serialized().utf8), file: "b.har")
                return nil
            } catch {
                return error.description
            }
        }
        let fewer = importing { entry in
            entry["_eventSourceMessages"] = .array(Array(entry["_eventSourceMessages"]?.arrayValue?.dropLast() ?? []))
        }
        #expect(fewer?.contains("messages but the response body has") == true)
        let early = importing { entry in
            entry["_eventSourceMessages"] = [["time": 1_000, "eventName": "ping", "data": "{}"]]
        }
        #expect(early?.contains("before the entry's startedDateTime") == true)
        let text = importing { entry in entry["_eventSourceMessages"] = [["time": "soon"]] }
        #expect(text?.contains("\"time\" must be a number of seconds") == true)
    }
}

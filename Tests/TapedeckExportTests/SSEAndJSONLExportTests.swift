import Foundation
import TapedeckCore
import Testing

@testable import TapedeckExport

@Suite("SSE and JSONL export")
struct SSEAndJSONLExportTests {
    @Test("sse export is the sample body byte for byte, for every sample including cut ones")
    func sseByteExact() throws {
        for name in try SampleExchanges.names() {
            let exchange = try SampleExchanges.exchange(name)
            #expect(SSEExporter.export(exchange) == (try SampleExchanges.bytes(name, ".sse")), "sample \(name)")
        }
    }

    @Test("a cut sample keeps its trailing fragment in the sse export")
    func cutSampleTrailingFragment() throws {
        let exchange = try SampleExchanges.exchange("cut_before_stop")
        #expect(!exchange.trailingBytes.isEmpty)
        #expect(exchange.summary.outcome == .upstreamDisconnect)
        let exported = SSEExporter.export(exchange)
        #expect(Array(exported.suffix(exchange.trailingBytes.count)) == exchange.trailingBytes)
        #expect(exported == (try SampleExchanges.bytes("cut_before_stop", ".sse")))
    }

    @Test("jsonl: export → import gives the same exchange and export → import → export the same bytes")
    func jsonlRoundTrip() throws {
        var exchanges: [RecordedExchange] = []
        for (position, name) in try SampleExchanges.names().enumerated() {
            var exchange = try SampleExchanges.exchange(name, id: String(format: "aa%08x", position))
            exchange.summary.startedAtNanos += Int64(position) * 1_000_000_007
            exchange.summary.retryOf = position == 2 ? "aa00000001" : nil
            exchange.summary.attempt = position == 2 ? 2 : 1
            exchange.summary.droppedEvents = position == 3 ? 4 : 0
            exchanges.append(exchange)
        }
        var binary = try SampleExchanges.exchange("text_basic", id: "bb00000000")
        binary.summary.requestBody = [0xff, 0x00, 0x41]
        exchanges.append(binary)

        let first = JSONLExporter.export(exchanges)
        let imported = try JSONLImporter.parse(Array(first.utf8), file: "all.jsonl")
        #expect(imported == exchanges)
        let second = JSONLExporter.export(imported)
        #expect(second == first)
    }

    @Test("jsonl lines: header with summary fields, one event line per event, trailing line for a cut stream")
    func jsonlShape() throws {
        let exchange = try SampleExchanges.exchange("cut_before_stop")
        let lines = JSONLExporter.export(exchange).split(separator: "\n").map(String.init)
        #expect(lines.count == exchange.events.count + 2)
        let header = try JSONValue.parse(lines[0])
        #expect(header["type"]?.stringValue == "exchange")
        #expect(header["id"]?.stringValue == "0123abcdef")
        #expect(header["outcome"]?.stringValue == "upstream_disconnect")
        #expect(header["started_at"]?.stringValue == "2026-11-25T12:00:00.000000000Z")
        let event = try JSONValue.parse(lines[1])
        #expect(event["type"]?.stringValue == "event")
        #expect(event["seq"]?.intValue == 0)
        #expect(event["event"]?.stringValue == "message_start")
        #expect(event["data"]?.stringValue == exchange.events[0].data)
        #expect(event["raw_b64"]?.stringValue == Data(exchange.events[0].raw).base64EncodedString())
        let trailing = try JSONValue.parse(lines[lines.count - 1])
        #expect(trailing["type"]?.stringValue == "trailing")
        #expect(trailing["raw_b64"]?.stringValue == Data(exchange.trailingBytes).base64EncodedString())
    }

    @Test("json export is the assembled message and equals the sample's expected message")
    func jsonExportMatchesExpected() throws {
        for name in try SampleExchanges.names() {
            let exchange = try SampleExchanges.exchange(name)
            let exported = try JSONValue.parse(MessageJSONExporter.export(exchange))
            let expected = try JSONValue.parse(bytes: try SampleExchanges.bytes(name, ".expected.json"))
            #expect(exported == expected, "sample \(name)")
        }
    }

    @Test("UTC timestamps format and parse exactly to the nanosecond")
    func timestamps() {
        let nanos: Int64 = 1_795_608_000_123_456_789
        #expect(UTCTimestamp.format(nanos: nanos) == "2026-11-25T12:00:00.123456789Z")
        #expect(UTCTimestamp.format(nanos: nanos, fractionDigits: 3) == "2026-11-25T12:00:00.123Z")
        #expect(UTCTimestamp.parse("2026-11-25T12:00:00.123456789Z") == nanos)
        #expect(UTCTimestamp.parse("2026-11-25T13:00:00.123456789+01:00") == nanos)
        #expect(UTCTimestamp.parse("2026-11-25T12:00:00.1234567891Z") == nanos)
        #expect(UTCTimestamp.parse("2026-11-25T12:00:00Z") == Int64(1_795_608_000) * 1_000_000_000)
        #expect(UTCTimestamp.parse("1969-12-31T23:59:59.5Z") == -500_000_000)
        #expect(UTCTimestamp.format(nanos: -500_000_000) == "1969-12-31T23:59:59.500000000Z")
        #expect(UTCTimestamp.parse("yesterday") == nil)
        #expect(UTCTimestamp.parse("2026-13-01T00:00:00Z") == nil)
    }
}

import Foundation
import TapedeckCore
import Testing

@testable import TapedeckExport

@Suite("SSE and JSONL export")
struct SSEAndJSONLExportTests {
    @Test("sse export is the sample body byte for byte, for every sample including cut ones")
    func sseByteExact() throws {
        for name in try SampleSessions.names() {
            let session = try SampleSessions.session(name)
            #expect(SSEExporter.export(session) == (try SampleSessions.bytes(name, ".sse")), "sample \(name)")
        }
    }

    @Test("a cut sample keeps its trailing fragment in the sse export")
    func cutSampleTrailingFragment() throws {
        let session = try SampleSessions.session("cut_before_stop")
        #expect(!session.trailingBytes.isEmpty)
        #expect(session.summary.outcome == .upstreamDisconnect)
        let exported = SSEExporter.export(session)
        #expect(Array(exported.suffix(session.trailingBytes.count)) == session.trailingBytes)
        #expect(exported == (try SampleSessions.bytes("cut_before_stop", ".sse")))
    }

    @Test("jsonl: export → import gives the same session and export → import → export the same bytes")
    func jsonlRoundTrip() throws {
        var sessions: [RecordedSession] = []
        for (position, name) in try SampleSessions.names().enumerated() {
            var session = try SampleSessions.session(name, id: String(format: "aa%08x", position))
            session.summary.startedAtNanos += Int64(position) * 1_000_000_007
            session.summary.retryOf = position == 2 ? "aa00000001" : nil
            session.summary.attempt = position == 2 ? 2 : 1
            session.summary.droppedEvents = position == 3 ? 4 : 0
            sessions.append(session)
        }
        var binary = try SampleSessions.session("text_basic", id: "bb00000000")
        binary.summary.requestBody = [0xff, 0x00, 0x41]
        sessions.append(binary)

        let first = JSONLExporter.export(sessions)
        let imported = try JSONLImporter.parse(Array(first.utf8), file: "all.jsonl")
        #expect(imported == sessions)
        let second = JSONLExporter.export(imported)
        #expect(second == first)
    }

    @Test("jsonl lines: header with summary fields, one event line per event, trailing line for a cut stream")
    func jsonlShape() throws {
        let session = try SampleSessions.session("cut_before_stop")
        let lines = JSONLExporter.export(session).split(separator: "\n").map(String.init)
        #expect(lines.count == session.events.count + 2)
        let header = try JSONValue.parse(lines[0])
        #expect(header["type"]?.stringValue == "session")
        #expect(header["id"]?.stringValue == "0123abcdef")
        #expect(header["outcome"]?.stringValue == "upstream_disconnect")
        #expect(header["started_at"]?.stringValue == "2026-11-25T12:00:00.000000000Z")
        let event = try JSONValue.parse(lines[1])
        #expect(event["type"]?.stringValue == "event")
        #expect(event["seq"]?.intValue == 0)
        #expect(event["event"]?.stringValue == "message_start")
        #expect(event["data"]?.stringValue == session.events[0].data)
        #expect(event["raw_b64"]?.stringValue == Data(session.events[0].raw).base64EncodedString())
        let trailing = try JSONValue.parse(lines[lines.count - 1])
        #expect(trailing["type"]?.stringValue == "trailing")
        #expect(trailing["raw_b64"]?.stringValue == Data(session.trailingBytes).base64EncodedString())
    }

    @Test("json export is the assembled message and equals the sample's expected message")
    func jsonExportMatchesExpected() throws {
        for name in try SampleSessions.names() {
            let session = try SampleSessions.session(name)
            let exported = try JSONValue.parse(MessageJSONExporter.export(session))
            let expected = try JSONValue.parse(bytes: try SampleSessions.bytes(name, ".expected.json"))
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

import Testing

@testable import TapedeckCore

@Suite("SSEWriter")
struct SSEWriterTests {
    @Test func encodesLikeTheApi() {
        let bytes = SSEWriter.encode(event: "ping", data: "{\"type\": \"ping\"}")
        #expect(String(decoding: bytes, as: UTF8.self) == "event: ping\ndata: {\"type\": \"ping\"}\n\n")
    }

    @Test func multiLineDataBecomesSeveralDataLines() {
        let bytes = SSEWriter.encode(event: nil, data: "a\nb\r\nc\rd\n")
        #expect(String(decoding: bytes, as: UTF8.self) == "data: a\ndata: b\ndata: c\ndata: d\ndata:\n\n")
    }

    @Test func idAndRetry() {
        let bytes = SSEWriter.encode(event: "e", data: "", id: "7", retry: 1500)
        #expect(String(decoding: bytes, as: UTF8.self) == "event: e\nid: 7\nretry: 1500\ndata:\n\n")
    }

    @Test func unsafeFieldValuesAreNeutralised() {
        let bytes = SSEWriter.encode(event: "a\nb", data: "x", id: "bad\u{0}id", retry: -3)
        #expect(String(decoding: bytes, as: UTF8.self) == "event: a b\ndata: x\n\n")
    }

    @Test func roundTripThroughTheParser() {
        let cases: [(String?, String, String?, Int?)] = [
            ("message_start", "{\"type\":\"message_start\"}", nil, nil),
            (nil, "", nil, nil),
            ("x", " leading space\n\nblank above", "id-1", 0),
            ("unicode \u{1F600}", "\u{4E2D}\u{6587}\ne\u{301}", "", 42),
            ("colon:in:name", "data: looks like a field\n: looks like a comment", nil, nil),
        ]
        var stream: [UInt8] = []
        for (event, data, id, retry) in cases {
            stream += SSEWriter.encode(event: event, data: data, id: id, retry: retry)
        }
        let result = parseSSE([stream])
        #expect(result.trailing == nil)
        #expect(result.events.count == cases.count)
        for (parsed, original) in zip(result.events, cases) {
            #expect(parsed.event == original.0)
            #expect(parsed.data == original.1)
            #expect(parsed.id == original.2)
            #expect(parsed.retry == original.3)
            #expect(SSEWriter.encode(parsed) == parsed.raw)
        }
    }
}

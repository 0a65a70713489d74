/// The deterministic Anthropic SSE body the benchmark upstream sends: the same event count
/// always gives the same bytes except for the 20 stamp digits inside each text delta, so the
/// client can rebuild every expected event and check the proxy changed nothing.
struct ProxyStreamScript: Sendable {
    /// Width of the zero-padded decimal send stamp (monotonic nanoseconds).
    static let stampWidth = 20
    /// Events that are not text deltas: message_start, content_block_start, ping,
    /// content_block_stop, message_delta, message_stop.
    static let framingEvents = 6
    /// Smallest stream the script can produce (framing plus one delta).
    static let minimumEvents = framingEvents + 1

    /// One event's bytes with the stamp digits zeroed, and where the stamp goes (nil: none).
    struct EventTemplate: Sendable {
        /// The complete event, `event:` line through the blank line.
        let bytes: [UInt8]
        /// Offset of the first stamp digit in `bytes`, for text deltas only.
        let stampOffset: Int?
    }

    /// Total events in the stream, framing included.
    let eventCount: Int
    /// One template per event, in order.
    let templates: [EventTemplate]
    /// Sum of all template lengths: the exact body size.
    let bodyLength: Int

    /// Builds the script for `eventCount` events (clamped to `minimumEvents`).
    init(eventCount: Int) {
        let count = max(eventCount, Self.minimumEvents)
        let deltas = count - Self.framingEvents
        var templates: [EventTemplate] = []
        templates.reserveCapacity(count)
        templates.append(Self.plain("message_start", Self.messageStart))
        templates.append(
            Self.plain(
                "content_block_start",
                #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#
            )
        )
        templates.append(Self.plain("ping", #"{"type": "ping"}"#))
        for delta in 0..<deltas {
            templates.append(Self.textDelta(delta))
        }
        templates.append(Self.plain("content_block_stop", #"{"type":"content_block_stop","index":0}"#))
        templates.append(
            Self.plain(
                "message_delta",
                #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"#
                    + #""usage":{"output_tokens":\#(deltas)}}"#
            )
        )
        templates.append(Self.plain("message_stop", #"{"type":"message_stop"}"#))
        self.eventCount = count
        self.templates = templates
        self.bodyLength = templates.reduce(0) { $0 + $1.bytes.count }
    }

    /// Writes `stamp` as zero-padded decimal digits into `digits` (exactly `stampWidth` bytes).
    static func writeStamp(_ stamp: UInt64, into digits: UnsafeMutableRawBufferPointer) {
        var value = stamp
        var position = stampWidth - 1
        while position >= 0 {
            digits[position] = UInt8(ascii: "0") &+ UInt8(value % 10)
            value /= 10
            position -= 1
        }
    }

    /// Reads a stamp written by `writeStamp`; nil if any byte is not a digit.
    static func readStamp(_ digits: UnsafeRawBufferPointer) -> UInt64? {
        var value: UInt64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
        }
        return value
    }

    private static let messageStart =
        #"{"type":"message_start","message":{"id":"msg_bench_01","type":"message","role":"assistant","#
        + #""model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"#
        + #""usage":{"input_tokens":25,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"#
        + #""output_tokens":1}}}"#

    private static let words = [
        "The", "recorder", "keeps", "every", "event", "with", "its", "arrival", "time,", "so", "a",
        "partial", "stream", "can", "be", "replayed", "step", "by", "step.", "Latency",
    ]

    private static func plain(_ name: String, _ data: String) -> EventTemplate {
        EventTemplate(bytes: Array("event: \(name)\ndata: \(data)\n\n".utf8), stampOffset: nil)
    }

    /// A text delta of 1–6 words, prefixed by `[s=<stamp> d=<index>]`, like a real model's
    /// small token-sized deltas (≈ 150–200 bytes per event on the wire).
    private static func textDelta(_ index: Int) -> EventTemplate {
        let wordCount = 1 + (index &* 7) % 6
        var text = ""
        for offset in 0..<wordCount {
            text += " " + words[(index + offset) % words.count]
        }
        let serial = String(index)
        let paddedSerial = String(repeating: "0", count: max(0, 6 - serial.count)) + serial
        let head =
            "event: content_block_delta\ndata: "
            + #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"[s="#
        let zeros = String(repeating: "0", count: stampWidth)
        let tail = " d=\(paddedSerial)]\(text)\"}}\n\n"
        let headBytes = Array(head.utf8)
        return EventTemplate(bytes: headBytes + Array(zeros.utf8) + Array(tail.utf8), stampOffset: headBytes.count)
    }
}

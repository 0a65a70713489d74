import Testing

@testable import TapedeckCore

/// The parser keeps an event's bytes once (issue 11 item 5): a large event takes the parser's buffer as its raw
/// bytes and a single data line is read from them, and nothing event-sized stays behind once it is out. Every
/// event and byte must come out exactly as when each event's bytes are copied.
@Suite("SSEParser memory")
struct SSEParserMemoryTests {
    /// Streams with every framing the parser knows: BOM, CR, LF and CR LF ends, comments, several data lines,
    /// blocks without data, id and retry fields, and a cut last event.
    static let streams: [String] = [
        "\u{FEFF}event: a\ndata: one\n\n: comment\r\nevent: b\r\ndata: x\r\ndata: y\r\n\r\ndata: z\r\rid: 7\nretry: 5\ndata:\n\n",
        "event: message_start\ndata: {\"a\":1}\n\nevent: ping\n\n\n\ndata: only\ndata: two\ndata: three\n\ndata: cut",
        ":only a comment\n\nevent: e\ndata:  two spaces\r\n\r\ndata:no space\r\rdata: é ü\n\ndata: last\r",
    ]

    /// Splits `bytes` at deterministic pseudo-random places (1 to `maxPiece` bytes).
    static func pieces(_ bytes: [UInt8], seed: UInt64, maxPiece: UInt64) -> [[UInt8]] {
        var state = seed
        var pieces: [[UInt8]] = []
        var index = 0
        while index < bytes.count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let end = min(bytes.count, index + Int((state >> 33) % maxPiece) + 1)
            pieces.append(Array(bytes[index..<end]))
            index = end
        }
        return pieces
    }

    static func parse(_ pieces: [[UInt8]], movingEventsOfAtLeast threshold: Int) -> (
        events: [SSEEvent], trailing: SSETrailingFragment?
    ) {
        var parser = SSEParser(movingEventsOfAtLeast: threshold)
        var events: [SSEEvent] = []
        for piece in pieces { events += parser.feed(piece) }
        return (events, parser.finish())
    }

    @Test(arguments: 0..<60)
    func movingEventsOutChangesNothing(seed: Int) {
        let input = Array(Self.streams[seed % Self.streams.count].utf8)
        let pieces = Self.pieces(input, seed: UInt64(seed), maxPiece: UInt64(1 + seed % 23))
        // Whole, one byte at a time, and in pieces, each split moving every event (threshold 1), some or none
        // (where a split falls can move a CR's LF into the next event, so each split is its own reference).
        for split in [[input], pieces, input.map { [$0] }] {
            let reference = Self.parse(split, movingEventsOfAtLeast: .max)
            expectLossless(input, reference)
            for threshold in [1, 8] {
                let result = Self.parse(split, movingEventsOfAtLeast: threshold)
                expectLossless(input, result)
                #expect(result.events == reference.events)
                #expect(result.trailing == reference.trailing)
            }
        }
    }

    @Test func severalDataLinesAreJoinedAcrossPieces() {
        let input = Array("data: first\r\ndata:\ndata: third\r\rdata: 1\n\n".utf8)
        for size in 1...7 {
            let pieces = stride(from: 0, to: input.count, by: size).map {
                Array(input[$0..<min(input.count, $0 + size)])
            }
            let events = Self.parse(pieces, movingEventsOfAtLeast: 1).events
            #expect(events.map(\.data) == ["first\n\nthird", "1"])
        }
    }

    @Test func aLargeEventLeavesNoEventSizedBufferBehind() {
        let text = String(repeating: "a", count: 1 << 20)
        let big = "event: content_block_delta\ndata: {\"text\":\"\(text)\"}\n\n"
        let multi = "data: \(text)\ndata: \(text)\n\n"
        let small = "event: ping\ndata: {}\n\n"
        let input = Array((big + multi + small).utf8)
        var parser = SSEParser()
        var events: [SSEEvent] = []
        var most = 0
        for piece in Self.pieces(input, seed: 3, maxPiece: 65536) {
            events += parser.feed(piece)
            if events.count >= 2 { most = max(most, parser.retainedCapacity) }
        }
        #expect(parser.finish() == nil)
        #expect(events.map(\.type) == ["content_block_delta", "message", "ping"])
        #expect(events[0].data == "{\"text\":\"\(text)\"}")
        #expect(events[0].raw == Array(big.utf8))
        #expect(events[1].data == text + "\n" + text)
        #expect(events[1].raw == Array(multi.utf8))
        // Once the two 1 MB events are out, the parser holds about a read's worth, not megabytes.
        #expect(most <= 4 * SSEParser.keptCapacity, "retained \(most) bytes")
    }

    @Test func aLargeEventsTextStaysInItsBytes() {
        let text = String(repeating: "é", count: 1 << 19)
        let big = "event: content_block_delta\ndata: {\"text\":\"\(text)\"}\n\n"
        let multi = "data: \(text)\ndata: x\n\n"
        var parser = SSEParser()
        var events: [SSEEvent] = []
        for piece in Self.pieces(Array((big + multi).utf8), seed: 5, maxPiece: 65536) { events += parser.feed(piece) }
        #expect(events.count == 2)
        // One data line: the text is read from the event's bytes, not held a second time.
        #expect(events[0].payload.dataIsInRaw)
        #expect(events[0].data == "{\"text\":\"\(text)\"}")
        // Several lines are joined, so that text has a string of its own.
        #expect(!events[1].payload.dataIsInRaw)
        #expect(events[1].data == text + "\nx")
    }

    @Test func aLargeEventWithInvalidUTF8HoldsTheRepairedTextAsBefore() {
        // A lone continuation byte and a cut 3-byte sequence inside a large single-line event.
        let bytes =
            Array("data: ".utf8) + [UInt8](repeating: 0x61, count: 70_000) + [0x80, 0x62, 0xE2, 0x82] + [0x0A, 0x0A]
        var moving = SSEParser()
        var copying = SSEParser(movingEventsOfAtLeast: .max)
        let moved = moving.feed(bytes)
        let copied = copying.feed(bytes)
        #expect(moved.count == 1)
        #expect(!moved[0].payload.dataIsInRaw)
        #expect(moved[0].data == String(repeating: "a", count: 70_000) + "\u{FFFD}b\u{FFFD}")
        #expect(moved == copied)
        #expect(moved[0].raw == bytes)
    }

    @Test func changingTheBytesOfAnEventWhoseTextIsInThemKeepsTheText() {
        let line = "{\"text\":\"" + String(repeating: "z", count: 100) + "\"}"
        var parser = SSEParser(movingEventsOfAtLeast: 1)
        var event = parser.feed(Array("data: \(line)\n\n".utf8))[0]
        #expect(event.payload.dataIsInRaw)
        event.raw = Array("data: other\n\n".utf8)
        #expect(event.data == line)
        #expect(!event.payload.dataIsInRaw)
        var dataBytes: [UInt8] = []
        event.payload.withDataUTF8 { dataBytes = Array($0) }
        #expect(dataBytes == Array(line.utf8))
    }
}

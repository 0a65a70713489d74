import NIOCore
import Testing

@testable import TapedeckProxy

@Suite struct ChunkedFramingScannerTests {
    /// What feeding a body in reads, the way `UpstreamBodyTap` does (held-back bytes go again with the next read),
    /// produced.
    struct Relayed {
        var relayed: [UInt8] = []
        var data: [UInt8] = []
        var lastChunk: [UInt8]?
    }

    static func feed(_ reads: [[UInt8]]) throws -> Relayed {
        var scanner = ChunkedFramingScanner()
        var result = Relayed()
        var carry: [UInt8] = []
        for read in reads {
            if let lastChunk = result.lastChunk {
                result.lastChunk = lastChunk + read
                continue
            }
            let bytes = carry + read
            carry = []
            let relayEnd = try bytes.withUnsafeBytes { raw in
                try scanner.scan(raw) { offset, length in result.data += bytes[offset..<(offset + length)] }
            }
            result.relayed += bytes[..<relayEnd]
            if scanner.reachedLastChunk {
                result.lastChunk = Array(bytes[relayEnd...])
            } else {
                carry = Array(bytes[relayEnd...])
            }
        }
        return result
    }

    static let data = Array("event: ping\ndata: {\"type\": \"ping\"}\n\n".utf8) + Array("héllo wörld ✓\n".utf8)
    static let framed: [UInt8] = {
        let first = Array(data[..<10])
        let second = Array(data[10..<40])
        let third = Array(data[40...])
        var body: [UInt8] = []
        body += Array("a\r\n".utf8) + first + Array("\r\n".utf8)
        body += Array("1E;name=value\r\n".utf8) + second + Array("\r\n".utf8)
        body += Array(String(third.count, radix: 16).utf8) + Array("\r\n".utf8) + third + Array("\r\n".utf8)
        return body
    }()
    static let terminator = Array("0\r\n\r\n".utf8)

    @Test func wholeBodyInOneRead() throws {
        let result = try Self.feed([Self.framed + Self.terminator])
        #expect(result.relayed == Self.framed)
        #expect(result.data == Self.data)
        #expect(result.lastChunk == Self.terminator)
    }

    @Test func everySplitIntoTwoReadsGivesTheSameResult() throws {
        let body = Self.framed + Self.terminator
        for split in 1..<body.count {
            let result = try Self.feed([Array(body[..<split]), Array(body[split...])])
            #expect(result.relayed == Self.framed, "split at \(split)")
            #expect(result.data == Self.data, "split at \(split)")
            #expect(result.lastChunk == Self.terminator, "split at \(split)")
        }
    }

    @Test func oneByteReads() throws {
        let body = Self.framed + Self.terminator
        let result = try Self.feed(body.map { [$0] })
        #expect(result.relayed == Self.framed)
        #expect(result.data == Self.data)
        #expect(result.lastChunk == Self.terminator)
    }

    @Test func aLeadingZeroSizeIsNotTheLastChunk() throws {
        let body = Array("05\r\nhello\r\n0\r\n\r\n".utf8)
        let result = try Self.feed([Array(body[..<1]), Array(body[1...])])
        #expect(result.data == Array("hello".utf8))
        #expect(result.lastChunk == Self.terminator)
    }

    @Test func anUnfinishedBodyRelaysWhatItHasAndHoldsACutSizeLine() throws {
        let result = try Self.feed([Array("5\r\nhel".utf8), Array("lo\r\n1".utf8)])
        #expect(result.relayed == Array("5\r\nhello\r\n".utf8))
        #expect(result.data == Array("hello".utf8))
        #expect(result.lastChunk == nil)
    }

    @Test(arguments: [
        "zz\r\nhello\r\n", "\r\nhello\r\n", "5\r\nhelloXX", "5 x\r\nhello\r\n", "5\nhello\r\n",
        "1000000000000000\r\n", "3 \r\nabc\r\n", "3;x\nabc\r\n", "3;x\r\r\nabc\r\n", "3\r\r\nabc\r\n",
    ])
    func malformedFramingIsAnError(_ body: String) {
        #expect(throws: ChunkedFramingScanner.FramingError.self) { try Self.feed([Array(body.utf8)]) }
    }

    @Test func anEndlessSizeLineIsRefused() {
        let line = Array("a;".utf8) + Array(repeating: UInt8(ascii: "x"), count: 5000)
        #expect(throws: ChunkedFramingScanner.FramingError.self) { try Self.feed([line]) }
    }

    @Test func headEndIsFoundAcrossReads() {
        let head = Array("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n".utf8)
        for split in 1..<head.count {
            var matcher = HeadEndMatcher()
            #expect(matcher.consume(ByteBuffer(bytes: head[..<split])) == nil, "split at \(split)")
            var rest = ByteBuffer(bytes: head[split...])
            rest.writeString("5\r\nhello")
            #expect(matcher.consume(rest) == head.count - split, "split at \(split)")
        }
    }

    @Test func headEndIgnoresLoneLineFeeds() {
        var matcher = HeadEndMatcher()
        #expect(matcher.consume(ByteBuffer(string: "HTTP/1.1 200 OK\r\n\n\r\r\nx: y\r\n\r\nbody")) == 29)
    }
}

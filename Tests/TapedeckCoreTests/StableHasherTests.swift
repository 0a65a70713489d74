import Testing

@testable import TapedeckCore

/// The stored digests' hash: SipHash-2-4 as its authors define it, and the same value however it is fed.
@Suite struct StableHasherTests {
    /// The reference key 00 01 … 0f and message 00 01 … (n-1), as in the SipHash paper's test vectors.
    private func reference(length: Int) -> Int {
        var hasher = StableHasher(key0: 0x0706_0504_0302_0100, key1: 0x0f0e_0d0c_0b0a_0908)
        let message = (0..<length).map { UInt8($0) }
        message.withUnsafeBytes { hasher.combine(bytes: $0) }
        return hasher.finalize()
    }

    @Test func matchesTheReferenceVectors() {
        #expect(UInt64(bitPattern: Int64(reference(length: 0))) == 0x726f_db47_dd0e_0e31)
        #expect(UInt64(bitPattern: Int64(reference(length: 1))) == 0x74f8_39c5_93dc_67fd)
        // The paper's worked example: 15 bytes.
        #expect(UInt64(bitPattern: Int64(reference(length: 15))) == 0xa129_ca61_49be_45e5)
    }

    @Test func feedingInPiecesGivesTheSameDigestAsFeedingAtOnce() {
        let message = (0..<100).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        var whole = StableHasher()
        message.withUnsafeBytes { whole.combine(bytes: $0) }
        for split in [1, 3, 7, 8, 9, 63] {
            var pieces = StableHasher()
            var start = 0
            while start < message.count {
                let end = min(start + split, message.count)
                message[start..<end].withUnsafeBytes { pieces.combine(bytes: $0) }
                start = end
            }
            #expect(pieces.finalize() == whole.finalize(), "pieces of \(split)")
        }
        var bytewise = StableHasher()
        for byte in message { bytewise.combine(byte) }
        #expect(bytewise.finalize() == whole.finalize())
    }

    @Test func stringsKeepTheirBoundaries() {
        var first = StableHasher()
        first.combine("ab")
        first.combine("c")
        var second = StableHasher()
        second.combine("a")
        second.combine("bc")
        #expect(first.finalize() != second.finalize())
    }

    @Test func equalJSONFeedsEqualDigestsAndDifferentJSONDoesNot() throws {
        func digest(_ text: String) throws -> Int {
            var hasher = StableHasher()
            try JSONValue.parse(text).feed(into: &hasher)
            return hasher.finalize()
        }
        #expect(try digest(#"{"a":1,"b":[true,null,"x"]}"#) == digest(#"{"b":[true,null,"x"],"a":1.0}"#))
        #expect(try digest(#"{"a":1}"#) != digest(#"{"a":2}"#))
        #expect(try digest(#"["a","b"]"#) != digest(#"["b","a"]"#))
        #expect(try digest(#"{"a":"1"}"#) != digest(#"{"a":1}"#))
    }

    /// Stored digests must mean the same to every tapedeck build: this pins one, so changing the key, the hash or
    /// the canonical form of a message (which would split sessions across recorders of different versions) fails
    /// here first, and must come with a new column.
    @Test func aConversationsDigestIsPinned() throws {
        let body = try JSONValue.parse(
            #"{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":[{"type":"text","text":"Hello there"}]}]}"#
        )
        let conversation = try #require(RequestConversation(body: body))
        #expect(conversation.prefixDigests[2].description == "0e5fe9dc30d5783b")
        let first = try #require(
            RequestConversation(body: try JSONValue.parse(#"{"messages":[{"role":"user","content":"Hi"}]}"#)))
        #expect(
            first.continuation(withAnswer: [["type": "text", "text": "Hello there"]]) == conversation.prefixDigests[2])
    }
}

import TapedeckCore
import Testing

@testable import TapedeckStore

@Suite struct CanonicalBodyTests {
    @Test func jsonBodiesIgnoreKeyOrderAndWhitespace() {
        let first = Array(#"{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true}"#.utf8)
        let second = Array(
            "{ \"stream\": true,\n \"messages\": [ {\"content\":\"hi\", \"role\":\"user\"} ], \"model\": \"m\" }".utf8)
        #expect(CanonicalBody.bytes(first) == CanonicalBody.bytes(second))
        #expect(
            String(decoding: CanonicalBody.bytes(second), as: UTF8.self)
                == #"{"messages":[{"content":"hi","role":"user"}],"model":"m","stream":true}"#)
        #expect(RequestFingerprint.bodySHA256(first) == RequestFingerprint.bodySHA256(second))
    }

    @Test func differentContentStaysDifferent() {
        let first = Array(#"{"messages":[{"role":"user","content":"hi"}]}"#.utf8)
        let second = Array(#"{"messages":[{"role":"user","content":"hi!"}]}"#.utf8)
        #expect(RequestFingerprint.bodySHA256(first) != RequestFingerprint.bodySHA256(second))
    }

    @Test func nonJSONBodiesAreKeptAsBytes() {
        let text = Array("not json {".utf8)
        #expect(CanonicalBody.bytes(text) == text)
        let broken = Array(#"{"a": 1"#.utf8)
        #expect(CanonicalBody.bytes(broken) == broken)
        let invalidUTF8: [UInt8] = [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D]
        #expect(CanonicalBody.bytes(invalidUTF8) == invalidUTF8)
        #expect(CanonicalBody.bytes([]) == [])
    }

    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hex(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func sessionIDsAreShortLowercaseHex() {
        let ids = (0..<200).map { _ in SessionID.generate() }
        #expect(ids.allSatisfy { $0.count == SessionID.length && SessionID.isValidPrefix($0) })
        #expect(Set(ids).count == ids.count)
        #expect(!SessionID.isValidPrefix("ABC"))
        #expect(!SessionID.isValidPrefix(""))
    }
}

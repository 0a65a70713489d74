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

    @Test func sha256HandlesEveryPaddingBoundary() {
        // Expected values from Python's hashlib over bytes (i * 7 + 3) % 256.
        let expected: [Int: String] = [
            55: "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b",
            56: "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27",
            63: "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055",
            64: "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241",
            65: "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e",
            119: "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e",
            120: "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5",
            128: "d2742f1f4ac6bb7ca2b239ee18402ba8b3f9f8e652d2a72973c2b9ba11c08cf6",
            1000: "1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371",
        ]
        for (length, digest) in expected {
            let message = (0..<length).map { UInt8(($0 * 7 + 3) % 256) }
            #expect(SHA256.hex(message) == digest, "length \(length)")
        }
    }

    @Test func exchangeIDsAreShortLowercaseHex() {
        let ids = (0..<200).map { _ in ShortID.generate() }
        #expect(ids.allSatisfy { $0.count == ShortID.length && ShortID.isValidPrefix($0) })
        #expect(Set(ids).count == ids.count)
        #expect(!ShortID.isValidPrefix("ABC"))
        #expect(!ShortID.isValidPrefix(""))
    }
}

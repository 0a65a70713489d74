import Testing

@testable import TapedeckCore

/// The check that lets a large event's text be read in place must agree with Swift's own UTF-8 decoding: an
/// event it calls valid is stored as its bytes, so a wrong "valid" would store bytes `String` would have repaired.
@Suite struct UTF8ValidationTests {
    private static func swiftSaysValid(_ bytes: [UInt8]) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }

    @Test func edgeCasesAgreeWithSwift() {
        let cases: [[UInt8]] = [
            [], [0x00], [0x7F], [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0x80], [0xDF, 0xBF],
            [0xE0, 0x9F, 0x80], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF],
            [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
            [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xE2, 0x82], [0xE2, 0x82, 0xAC], [0xE2, 0x82, 0x41],
            Array("plain ascii text of more than eight bytes".utf8), Array("héllo wörld — ✓ 𝄞".utf8),
            Array("12345678".utf8) + [0xC3], Array("1234567".utf8) + [0xC3, 0xA9] + Array("89abcdef".utf8),
        ]
        for bytes in cases {
            #expect(UTF8Validation.isValid(bytes[...]) == Self.swiftSaysValid(bytes), "\(bytes)")
        }
    }

    @Test(arguments: 0..<40)
    func randomBytesAgreeWithSwift(seed: Int) {
        var state = UInt64(seed) &+ 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        for _ in 0..<200 {
            // Mostly ASCII with some high bytes, so both valid and invalid sequences occur.
            let count = Int(next() % 40)
            let bytes: [UInt8] = (0..<count).map { _ in
                let roll = next() % 10
                if roll < 6 { return UInt8(0x20 + next() % 0x5F) }
                if roll < 9 { return UInt8(0x80 + next() % 0x40) }
                return UInt8(0xC0 + next() % 0x40)
            }
            #expect(UTF8Validation.isValid(bytes[...]) == Self.swiftSaysValid(bytes), "\(bytes)")
        }
        // Every scalar class encoded by Swift itself is valid.
        let scalars = (0..<50).compactMap { _ in Unicode.Scalar(UInt32(next() % 0x11_0000)) }
        let text = String(String.UnicodeScalarView(scalars))
        #expect(UTF8Validation.isValid(Array(text.utf8)[...]))
    }
}

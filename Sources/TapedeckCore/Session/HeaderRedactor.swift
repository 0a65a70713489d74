/// Replaces secret header values by a marker before anything reaches disk, keeping a short
/// non-reversible fingerprint so a user can tell two keys apart without ever seeing one.
public struct HeaderRedactor: Sendable, Hashable {
    /// Headers that always carry credentials in the Anthropic API and in HTTP generally.
    public static let defaultSecretNames: Set<String> = [
        "x-api-key", "authorization", "proxy-authorization", "cookie", "set-cookie",
    ]

    /// Lowercased names whose values are replaced.
    public let secretNames: Set<String>

    /// Creates a redactor for the default secret headers plus `additionalNames` (any case).
    public init(additionalNames: [String] = []) {
        var names = Self.defaultSecretNames
        for name in additionalNames { names.insert(name.lowercased()) }
        secretNames = names
    }

    /// Whether the header named `name` (any case) is treated as a secret.
    public func isSecret(_ name: String) -> Bool {
        secretNames.contains(name.lowercased())
    }

    /// The headers in the same order, every secret value replaced by its marker.
    public func redact(_ headers: [HeaderField]) -> [HeaderField] {
        headers.map { field in
            isSecret(field.name) ? HeaderField(name: field.name, value: Self.marker(for: field.value)) : field
        }
    }

    /// The stored stand-in for a secret value, e.g. `[redacted fp:1a2b3c4d]`.
    public static func marker(for value: String) -> String {
        "[redacted fp:\(fingerprint(value))]"
    }

    /// Whether a stored value is a redaction marker (so re-redacting an import is idempotent).
    public static func isMarker(_ value: String) -> Bool {
        value.hasPrefix("[redacted fp:") && value.hasSuffix("]")
    }

    /// The first 4 bytes of the value's SHA-256 as hex: enough to tell keys apart, useless to recover one.
    public static func fingerprint(_ value: String) -> String {
        let digest = SHA256Digest.hash(Array(value.utf8))
        let hex: [Character] = Array("0123456789abcdef")
        var out = ""
        for byte in digest.prefix(4) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0f)])
        }
        return out
    }
}

/// A minimal SHA-256 (FIPS 180-4): Core is Foundation-only and must not link a crypto library.
private enum SHA256Digest {
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    static func hash(_ message: [UInt8]) -> [UInt8] {
        var state: [UInt32] = [
            0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
        ]
        var padded = message
        padded.append(0x80)
        while padded.count % 64 != 56 { padded.append(0) }
        let bitLength = UInt64(message.count) &* 8
        for shift in stride(from: 56, through: 0, by: -8) {
            padded.append(UInt8(truncatingIfNeeded: bitLength >> shift))
        }

        var words = [UInt32](repeating: 0, count: 64)
        for chunkStart in stride(from: 0, to: padded.count, by: 64) {
            for index in 0..<16 {
                let base = chunkStart + index * 4
                words[index] =
                    UInt32(padded[base]) << 24 | UInt32(padded[base + 1]) << 16 | UInt32(padded[base + 2]) << 8
                    | UInt32(padded[base + 3])
            }
            for index in 16..<64 {
                let w15 = words[index - 15]
                let w2 = words[index - 2]
                let sigma0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >> 3)
                let sigma1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >> 10)
                words[index] = words[index - 16] &+ sigma0 &+ words[index - 7] &+ sigma1
            }
            var a = state[0]
            var b = state[1]
            var c = state[2]
            var d = state[3]
            var e = state[4]
            var f = state[5]
            var g = state[6]
            var h = state[7]
            for index in 0..<64 {
                let sum1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                let choice = (e & f) ^ (~e & g)
                let temp1 = h &+ sum1 &+ choice &+ roundConstants[index] &+ words[index]
                let sum0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                let majority = (a & b) ^ (a & c) ^ (b & c)
                let temp2 = sum0 &+ majority
                h = g
                g = f
                f = e
                e = d &+ temp1
                d = c
                c = b
                b = a
                a = temp1 &+ temp2
            }
            state[0] = state[0] &+ a
            state[1] = state[1] &+ b
            state[2] = state[2] &+ c
            state[3] = state[3] &+ d
            state[4] = state[4] &+ e
            state[5] = state[5] &+ f
            state[6] = state[6] &+ g
            state[7] = state[7] &+ h
        }
        var digest: [UInt8] = []
        digest.reserveCapacity(32)
        for word in state {
            for shift in stride(from: 24, through: 0, by: -8) {
                digest.append(UInt8(truncatingIfNeeded: word >> shift))
            }
        }
        return digest
    }

    private static func rotr(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value >> count) | (value << (32 - count))
    }
}

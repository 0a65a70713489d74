/// Exchange and session ids: short, random, lowercase hex, so a user can type a unique prefix of one.
public enum ShortID {
    /// Number of hex digits in a generated id (40 random bits).
    public static let length = 10

    /// A new random id such as "3f9a0c71be".
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// A new id drawn from `generator` (deterministic tests pass their own). One draw gives all 40 bits: the
    /// system generator makes a `getrandom` call per draw, and an id is made on the event loop for every exchange.
    public static func generate<G: RandomNumberGenerator>(using generator: inout G) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bits: UInt64 = generator.next()
        var id: [UInt8] = []
        id.reserveCapacity(length)
        for _ in 0..<length {
            id.append(digits[Int(bits & 0x0f)])
            bits >>= 4
        }
        return String(decoding: id, as: UTF8.self)
    }

    /// The id of content that has no id of its own (an imported .sse or HAR entry): the first digits of its
    /// SHA-256, so importing the same bytes twice gives the same id and is recognised as already imported.
    public static func derived(from content: [UInt8]) -> String {
        let digits: [Character] = Array("0123456789abcdef")
        var id = ""
        for byte in SHA256.digest(content).prefix((length + 1) / 2) {
            id.append(digits[Int(byte >> 4)])
            id.append(digits[Int(byte & 0x0f)])
        }
        return String(id.prefix(length))
    }

    /// Whether `text` could be an id or id prefix (non-empty lowercase hex).
    public static func isValidPrefix(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

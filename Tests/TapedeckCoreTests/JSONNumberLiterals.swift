import TapedeckCore

/// Every shape of JSON number literal the API can send, for the exactness property tests: integers of any length,
/// negative, -0, fractions with trailing zeros, exponents with e/E/+/-, and numbers beyond a Double's range.
enum JSONNumberLiterals {
    static let integerParts = [
        "0", "1", "7", "42", "699", "9007199254740993", "12345678901234567890", "9223372036854775808",
        "340282366920938463463374607431768211457", String(repeating: "9", count: 400),
    ]
    static let fractions = ["", ".0", ".5", ".000", ".25", ".1000", ".30000000000000004", ".1234567890123456789012345"]
    static let exponents = ["", "e0", "E5", "e+10", "e-7", "E-0", "e+308", "e400", "e-400", "E007"]

    /// The product of signs, integer parts, fractions and exponents, plus the literals of the issue.
    static let systematic: [String] = {
        var literals = ["1.0", "699.0", "-0.0", "-0", "12345678901234567890", "1E+2", "0.1", "1e-7"]
        for sign in ["", "-"] {
            for integer in integerParts {
                for fraction in fractions {
                    for exponent in exponents { literals.append(sign + integer + fraction + exponent) }
                }
            }
        }
        return literals
    }()

    /// `count` pseudo-random literals from a fixed seed (the same every run), up to 60 digits long.
    static func random(count: Int, seed: UInt64 = 0x7A9E_DEC0) -> [String] {
        var generator = SplitMix64(seed: seed)
        func digits(_ length: Int, leadingNonZero: Bool) -> String {
            var text = ""
            for position in 0..<length {
                let low: UInt64 = position == 0 && leadingNonZero ? 1 : 0
                text += String(low + generator.next() % (10 - low))
            }
            return text
        }
        return (0..<count).map { _ in
            var literal = generator.next() % 2 == 0 ? "" : "-"
            let length = Int(1 + generator.next() % 40)
            literal += length == 1 ? digits(1, leadingNonZero: false) : digits(length, leadingNonZero: true)
            if generator.next() % 2 == 0 {
                literal += "." + digits(Int(1 + generator.next() % 20), leadingNonZero: false)
            }
            if generator.next() % 3 == 0 {
                literal += ["e", "E"][Int(generator.next() % 2)] + ["", "+", "-"][Int(generator.next() % 3)]
                literal += digits(Int(1 + generator.next() % 3), leadingNonZero: false)
            }
            return literal
        }
    }

    /// Every literal of both kinds.
    static var all: [String] { systematic + random(count: 2_000) }
}

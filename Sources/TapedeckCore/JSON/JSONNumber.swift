/// A JSON number kept as the literal text it was written with, so what was sent is what is written back.
///
/// A tool input can carry `12345678901234567890` (beyond a `Double`'s 2^53), `1.0`, `699.0` or `-0.0`;
/// converting through `Double` prints `1.2345678901234567e+19`, `1`, `699` and `0`, and the export then no longer
/// equals what the API sent. So the parser keeps the text and the writer writes it back unchanged. Numbers made
/// in code get a canonical literal (`3`, `2.5`, `1e+20`). A numeric reading is there when one is asked for
/// (`doubleValue`, `int64Value`, `intValue`), and equality compares decimal values exactly (see `==`).
public struct JSONNumber: Sendable {
    /// The number's text as written: RFC 8259 number grammar, e.g. `-0.0`, `1E+3`, `12345678901234567890`.
    public let literal: String

    /// Trusts `literal` to follow the number grammar: the parser has already read it as one.
    init(unchecked literal: String) {
        self.literal = literal
    }

    /// The number written as `literal`; nil when that is not a JSON number (`+1`, `01`, `1.`, `.5`, `NaN`).
    public init?(literal: String) {
        guard Self.isNumberLiteral(literal.utf8) else { return nil }
        self.literal = literal
    }

    /// An integer in its decimal form (`-42`).
    public init<Integer: BinaryInteger>(_ value: Integer) {
        literal = String(value)
    }

    /// A `Double` in canonical form: integral values up to 2^63 without a fraction (`3`), others as Swift's
    /// shortest round-trip text (`2.5`, `1e+20`, `-0.0`); nil for NaN and infinities, which JSON cannot write.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        if value == value.rounded(), let integer = Int64(exactly: value), !(value == 0 && value.sign == .minus) {
            literal = String(integer)
        } else {
            literal = value.description
        }
    }
}

extension JSONNumber: CustomStringConvertible {
    /// The literal text.
    public var description: String { literal }
}

extension JSONNumber: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// An integer literal in code (`.number(42)`).
    public init(integerLiteral value: Int) {
        self.init(value)
    }

    /// A floating-point literal in code (`.number(2.5)`); a literal is always finite.
    public init(floatLiteral value: Double) {
        guard let number = JSONNumber(value) else { preconditionFailure("a JSON number must be finite") }
        self = number
    }
}

extension JSONNumber {
    /// Whether `text` is a JSON number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    static func isNumberLiteral(_ text: String.UTF8View) -> Bool {
        var bytes = text.makeIterator()
        var next = bytes.next()
        func isDigit(_ byte: UInt8?) -> Bool {
            byte.map { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ?? false
        }
        func skipDigits() {
            while isDigit(next) { next = bytes.next() }
        }
        if next == UInt8(ascii: "-") { next = bytes.next() }
        if next == UInt8(ascii: "0") {
            next = bytes.next()
        } else if isDigit(next) {
            skipDigits()
        } else {
            return false
        }
        if next == UInt8(ascii: ".") {
            next = bytes.next()
            guard isDigit(next) else { return false }
            skipDigits()
        }
        if next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            next = bytes.next()
            if next == UInt8(ascii: "+") || next == UInt8(ascii: "-") { next = bytes.next() }
            guard isDigit(next) else { return false }
            skipDigits()
        }
        return next == nil
    }
}

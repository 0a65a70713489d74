/// Reading a number's value, only where a comparison or a count is asked for; the literal itself is never rewritten.
extension JSONNumber {
    /// The nearest `Double` (±infinity beyond its range); `12345678901234567890` reads as 1.2345678901234567e19.
    public var doubleValue: Double {
        // The literal is valid JSON number text, which Swift's parser (strtod) always accepts.
        Double(literal) ?? .nan
    }

    /// The value as an `Int64` when it is an integer in range, whatever its form (`7`, `7.0`, `7e0`, `70e-1`);
    /// nil for fractions and for integers beyond Int64, rather than a rounded value.
    public var int64Value: Int64? {
        integer(scaledByPowerOfTen: 0, exactOnly: true)
    }

    /// The value times 10^`power`, rounded to the nearest integer (halves away from zero), computed on the decimal
    /// digits so nothing is lost to a `Double`: seconds `1795608000.123456789` with `power` 9 are exactly
    /// 1795608000123456789 ns. Nil beyond Int64.
    public func rounded(scaledByPowerOfTen power: Int) -> Int64? {
        integer(scaledByPowerOfTen: power, exactOnly: false)
    }

    private func integer(scaledByPowerOfTen power: Int, exactOnly: Bool) -> Int64? {
        withDecimalForm { form in
            guard let digits = form.significand else { return 0 }
            guard !form.exponentIsHuge, abs(power) < 1_000 else { return nil }
            let exponent = form.exponent + power
            // The integer part is the first `count + exponent` digits (zeros past the significand's end).
            let integerDigits = digits.count + exponent
            if exactOnly, exponent < 0 { return nil }
            guard integerDigits <= 19 else { return nil }
            // Accumulated as a negative number so Int64.min is reachable.
            var value: Int64 = 0
            for position in 0..<max(integerDigits, 0) {
                let digit = position < digits.count ? Int64(form.digit(digits.lowerBound + position) - 48) : 0
                let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
                let (next, overflowB) = shifted.subtractingReportingOverflow(digit)
                if overflowA || overflowB { return nil }
                value = next
            }
            if integerDigits >= 0, integerDigits < digits.count, form.digit(digits.lowerBound + integerDigits) >= 53 {
                let (next, overflow) = value.subtractingReportingOverflow(1)
                if overflow { return nil }
                value = next
            }
            if form.isNegative { return value }
            return value == .min ? nil : -value
        }
    }

    /// The value as an `Int` when it is an integer in range (see `int64Value`).
    public var intValue: Int? {
        int64Value.flatMap { Int(exactly: $0) }
    }

    /// Runs `body` on the number's decimal form (its significant digits and power of ten).
    private func withDecimalForm<Result>(_ body: (DecimalForm) -> Result) -> Result {
        if let result = literal.utf8.withContiguousStorageIfAvailable({ body(DecimalForm($0)) }) { return result }
        return Array(literal.utf8).withUnsafeBufferPointer { body(DecimalForm($0)) }
    }
}

extension JSONNumber: Hashable {
    /// Equal when both denote the same decimal value, exactly: `1 == 1.0 == 1e0 == 10e-1`, `0 == -0.0`, and
    /// `12345678901234567890 != 12345678901234567891` (which a `Double` would call equal). The literals may differ;
    /// compare `literal` to ask whether the text is the same.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if lhs.literal == rhs.literal { return true }
        return lhs.withDecimalForm { left in
            rhs.withDecimalForm { right in
                // An exponent too large to hold exactly is compared by its text (JSON from the API never has one).
                if left.exponentIsHuge || right.exponentIsHuge { return false }
                return left.hasSameValue(as: right)
            }
        }
    }

    /// Consistent with `==`: the sign, the significant digits and the power of ten.
    public func hash(into hasher: inout Hasher) {
        feed(into: &hasher)
    }

    /// Feeds the number's canonical form (what `hash(into:)` hashes) into any sink.
    public func feed<Sink: HashSink>(into hasher: inout Sink) {
        withDecimalForm { form in
            guard let digits = form.significand else {
                hasher.combine(0 as UInt8)
                return
            }
            if form.exponentIsHuge {
                hasher.combine(literal)
                return
            }
            hasher.combine(form.isNegative)
            hasher.combine(form.exponent)
            hasher.combine(digits.count)
            for position in digits { hasher.combine(form.digit(position)) }
        }
    }
}

/// A number literal taken apart as `±(significant digits) × 10^exponent`, without allocating or rounding.
private struct DecimalForm {
    let bytes: UnsafeBufferPointer<UInt8>
    let isNegative: Bool
    /// Where the integer digits and the fraction digits are in `bytes`; together they are the digit sequence.
    let integerDigits: Range<Int>
    let fractionDigits: Range<Int>
    /// The digit sequence's positions without leading and trailing zeros; nil for zero.
    let significand: Range<Int>?
    /// The power of ten that multiplies the significand as an integer.
    let exponent: Int
    /// The written exponent had more than 15 digits: `exponent` is not exact.
    let exponentIsHuge: Bool

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        var position = 0
        isNegative = bytes.first == UInt8(ascii: "-")
        if isNegative { position += 1 }
        let integerStart = position
        while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
        integerDigits = integerStart..<position
        var fractionStart = position
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            fractionStart = position
            while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
        }
        fractionDigits = fractionStart..<position
        var written = 0
        var huge = false
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            var negativeExponent = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                negativeExponent = bytes[position] == UInt8(ascii: "-")
                position += 1
            }
            while position < bytes.count, Self.isDigit(bytes[position]) {
                if written > 100_000_000_000_000 { huge = true }
                if !huge { written = written * 10 + Int(bytes[position] - UInt8(ascii: "0")) }
                position += 1
            }
            if negativeExponent { written = -written }
        }
        exponentIsHuge = huge
        let count = integerDigits.count + fractionDigits.count
        var first = 0
        var last = count - 1
        let (integers, fractions) = (integerDigits, fractionDigits)
        let zero = UInt8(ascii: "0")
        while first < count, Self.digit(first, bytes, integers, fractions) == zero { first += 1 }
        while last >= first, Self.digit(last, bytes, integers, fractions) == zero { last -= 1 }
        significand = first <= last ? first..<(last + 1) : nil
        exponent = written - fractionDigits.count + (count - 1 - last)
    }

    /// The digit at `index` of the digit sequence (integer digits, then fraction digits).
    func digit(_ index: Int) -> UInt8 {
        Self.digit(index, bytes, integerDigits, fractionDigits)
    }

    private static func digit(
        _ index: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ integers: Range<Int>, _ fractions: Range<Int>
    ) -> UInt8 {
        index < integers.count
            ? bytes[integers.lowerBound + index] : bytes[fractions.lowerBound + index - integers.count]
    }

    /// The same sign, significant digits and power of ten; every zero is the same value.
    func hasSameValue(as other: DecimalForm) -> Bool {
        guard let digits = significand, let otherDigits = other.significand else {
            return significand == nil && other.significand == nil
        }
        guard isNegative == other.isNegative, exponent == other.exponent, digits.count == otherDigits.count else {
            return false
        }
        for offset in 0..<digits.count
        where digit(digits.lowerBound + offset) != other.digit(otherDigits.lowerBound + offset) {
            return false
        }
        return true
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}

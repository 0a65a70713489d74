/// The one JSON reading engine behind `JSONValue.parse` (strict) and `PartialJSON` (tolerant of a cut-off end).
///
/// It works on UTF-8 bytes with a fast path for strings without escapes; numbers keep their literal text
/// (`JSONNumber`), nothing is converted while reading.
/// In the partial modes, running out of input inside a value is not an error: `reachedEnd` is set
/// and every open container returns what it holds so far, dropping a partial key, a dangling `:` or
/// `,` and a lone `-`, and either keeping the whole part of an unfinished number (`1.` → 1, `2e` → 2),
/// closing an unfinished string and completing a literal, or dropping them all (the SDK's way). Anything that can never become valid JSON still throws.
struct JSONReader {
    /// How the end of input inside a value is treated.
    enum Mode: Equatable {
        /// Running out of input is an error.
        case strict
        /// Unfinished strings are closed and unfinished literals completed (for showing tool input as it streams).
        case partialClosing
        /// Unfinished strings and literals are dropped, like the Python SDK's `jiter` `partial_mode=True`.
        case partialDropping
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let mode: Mode
    private var position = 0
    private var depth = 0
    /// Whether the input ran out inside a value (partial modes only).
    private(set) var reachedEnd = false

    /// Deeper nesting than this is rejected rather than risking the stack.
    static let maxDepth = 512

    private static let trueBytes: [UInt8] = Array("true".utf8)
    private static let falseBytes: [UInt8] = Array("false".utf8)
    private static let nullBytes: [UInt8] = Array("null".utf8)

    init(bytes: UnsafeBufferPointer<UInt8>, mode: Mode) {
        self.bytes = bytes
        self.mode = mode
    }

    /// Reads one whole document; nil only in partial modes when no value could be recovered.
    mutating func readDocument() throws(JSONParseError) -> JSONValue? {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw JSONParseError(offset: 0, reason: "a byte order mark is not allowed before JSON")
        }
        skipWhitespace()
        let value = try readValue()
        if reachedEnd { return value }
        skipWhitespace()
        if position < bytes.count {
            throw failure("unexpected \(describe(bytes[position])) after the end of the JSON value")
        }
        return value
    }

    // MARK: Values

    private mutating func readValue() throws(JSONParseError) -> JSONValue? {
        guard position < bytes.count else { return try endOfInput(expecting: "a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try readObject()
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "\""):
            let string = try readString()
            return string.map(JSONValue.string)
        case UInt8(ascii: "t"): return try readLiteral(Self.trueBytes, value: .bool(true))
        case UInt8(ascii: "f"): return try readLiteral(Self.falseBytes, value: .bool(false))
        case UInt8(ascii: "n"): return try readLiteral(Self.nullBytes, value: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw failure("unexpected \(describe(bytes[position])) where a value should start")
        }
    }

    private mutating func readObject() throws(JSONParseError) -> JSONValue? {
        try enterContainer()
        defer { depth -= 1 }
        position += 1
        var object = JSONObject(reservingCapacity: 4)
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count else {
                _ = try endOfInput(expecting: "a key")
                return .object(object)
            }
            guard bytes[position] == UInt8(ascii: "\"") else {
                throw failure("expected a string key in an object, found \(describe(bytes[position]))")
            }
            let key = try readString()
            guard !reachedEnd, let key else { return .object(object) }
            skipWhitespace()
            guard position < bytes.count else {
                _ = try endOfInput(expecting: "':'")
                return .object(object)
            }
            guard bytes[position] == UInt8(ascii: ":") else {
                throw failure("expected ':' after the key \"\(key)\", found \(describe(bytes[position]))")
            }
            position += 1
            skipWhitespace()
            let value = try readValue()
            if reachedEnd {
                if let value { object.setValue(value, forKey: key) }
                return .object(object)
            }
            object.setValue(value ?? .null, forKey: key)
            skipWhitespace()
            guard position < bytes.count else {
                _ = try endOfInput(expecting: "',' or '}'")
                return .object(object)
            }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "}"):
                position += 1
                return .object(object)
            default:
                throw failure("expected ',' or '}' in an object, found \(describe(bytes[position]))")
            }
        }
    }

    private mutating func readArray() throws(JSONParseError) -> JSONValue? {
        try enterContainer()
        defer { depth -= 1 }
        position += 1
        var array: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(array)
        }
        while true {
            skipWhitespace()
            let element = try readValue()
            if reachedEnd {
                if let element { array.append(element) }
                return .array(array)
            }
            array.append(element ?? .null)
            skipWhitespace()
            guard position < bytes.count else {
                _ = try endOfInput(expecting: "',' or ']'")
                return .array(array)
            }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "]"):
                position += 1
                return .array(array)
            default:
                throw failure("expected ',' or ']' in an array, found \(describe(bytes[position]))")
            }
        }
    }

    private mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > Self.maxDepth {
            depth -= 1
            throw failure("nesting deeper than \(Self.maxDepth) levels")
        }
    }

    // MARK: Strings

    /// Reads a string starting at its opening quote; nil when it was cut off and the mode drops such strings.
    private mutating func readString() throws(JSONParseError) -> String? {
        position += 1
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let string = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure("control character \(describe(byte)) in a string must be escaped") }
            position += 1
        }
        return try readEscapedString(from: start)
    }

    /// The index of the quote that closes the string whose escape at `offset` is being read, nil when the input
    /// ends first (what an escape stands for is checked when it is read).
    private func closingQuote(from offset: Int) -> Int? {
        var index = offset
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index
            default: index += 1
            }
        }
        return nil
    }

    /// Reads the rest of a string from its first backslash (`position`; or the end of a cut-off input without one),
    /// decoded straight into the string's own storage, which the escaped text bounds (up to the closing quote, or
    /// to the end of a cut-off input): a large escaped string is not first gathered in an array and then copied.
    private mutating func readEscapedString(from start: Int) throws(JSONParseError) -> String? {
        let end = closingQuote(from: position)
        var error: JSONParseError?
        let string = String(unsafeUninitializedCapacity: (end ?? bytes.count) - start) { out -> Int in
            var count = position - start
            _ = out.initialize(from: UnsafeBufferPointer(rebasing: bytes[start..<position]))
            while position < (end ?? bytes.count) {
                let byte = bytes[position]
                if byte < 0x20 {
                    error = failure("control character \(describe(byte)) in a string must be escaped")
                    return 0
                }
                guard byte == UInt8(ascii: "\\") else {
                    out[count] = byte
                    count += 1
                    position += 1
                    continue
                }
                // Only a string without its closing quote can end inside an escape.
                guard position + 1 < bytes.count else { return count }
                let escaped: UInt8
                switch bytes[position + 1] {
                case let same
                where same == UInt8(ascii: "\"") || same == UInt8(ascii: "\\") || same == UInt8(ascii: "/"):
                    escaped = same
                case UInt8(ascii: "b"): escaped = 0x08
                case UInt8(ascii: "f"): escaped = 0x0C
                case UInt8(ascii: "n"): escaped = 0x0A
                case UInt8(ascii: "r"): escaped = 0x0D
                case UInt8(ascii: "t"): escaped = 0x09
                case UInt8(ascii: "u"):
                    do throws(JSONParseError) {
                        guard let scalar = try readUnicodeEscape() else { return count }
                        UTF8.encode(scalar) { unit in
                            out[count] = unit
                            count += 1
                        }
                    } catch let thrown {
                        error = thrown
                        return 0
                    }
                    continue
                default:
                    error = failure("invalid escape '\\\(String(UnicodeScalar(bytes[position + 1])))' in a string")
                    return 0
                }
                out[count] = escaped
                count += 1
                position += 2
            }
            return count
        }
        if let error { throw error }
        guard let end else { return try cutOffString(string) }
        position = end + 1
        return string
    }

    /// Reads `\uXXXX` (and a following low surrogate) at `position`; nil when the input ends inside it.
    private mutating func readUnicodeEscape() throws(JSONParseError) -> Unicode.Scalar? {
        guard let unit = try readHex4(at: position + 2) else { return nil }
        position += 6
        switch unit {
        case 0xD800...0xDBFF:
            let remaining = bytes.count - position
            if remaining >= 2, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                guard let low = try readHex4(at: position + 2) else { return nil }
                if (0xDC00...0xDFFF).contains(low) {
                    position += 6
                    let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    return Unicode.Scalar(value) ?? "\u{FFFD}"
                }
                return "\u{FFFD}"
            }
            // The low half may still be on its way: `\` or nothing after a high surrogate at the end.
            if remaining == 0 || (remaining == 1 && bytes[position] == UInt8(ascii: "\\")) {
                if mode == .strict { return "\u{FFFD}" }
                return nil
            }
            return "\u{FFFD}"
        case 0xDC00...0xDFFF:
            return "\u{FFFD}"
        default:
            return Unicode.Scalar(UInt32(unit)) ?? "\u{FFFD}"
        }
    }

    /// Four hex digits at `offset`; nil when the input ends first (after checking what is there is hex).
    private mutating func readHex4(at offset: Int) throws(JSONParseError) -> UInt16? {
        var value: UInt16 = 0
        for index in offset..<(offset + 4) {
            guard index < bytes.count else {
                if mode == .strict {
                    position = bytes.count
                    throw failure("unexpected end of input inside a \\u escape")
                }
                return nil
            }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                position = index
                throw failure("invalid hex digit \(describe(byte)) in a \\u escape")
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private mutating func cutOffString(_ string: String) throws(JSONParseError) -> String? {
        position = bytes.count
        _ = try endOfInput(expecting: "the closing '\"' of a string")
        return mode == .partialClosing ? string : nil
    }

    // MARK: Numbers and literals

    private mutating func readNumber() throws(JSONParseError) -> JSONValue? {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count else { return try endOfInput(expecting: "a digit") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else if isDigit(bytes[position]) {
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        } else {
            throw failure("expected a digit in a number, found \(describe(bytes[position]))")
        }
        // The longest prefix that is a number by itself: what the display mode shows for `1.` or `2.5e`.
        var wholeEnd = position
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            try readDigits(after: "'.'")
            if reachedEnd { return cutOffNumber(start..<wholeEnd) }
            wholeEnd = position
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            try readDigits(after: "the exponent")
            if reachedEnd { return cutOffNumber(start..<wholeEnd) }
        }
        return number(start..<position)
    }

    /// An unfinished number (`1.`, `2.5e-`): its whole part in the display mode, dropped like jiter otherwise.
    private func cutOffNumber(_ whole: Range<Int>) -> JSONValue? {
        guard mode == .partialClosing else { return nil }
        return number(whole)
    }

    /// The number's text exactly as written (short literals are small strings: no allocation).
    private func number(_ range: Range<Int>) -> JSONValue {
        .number(JSONNumber(unchecked: String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)))
    }

    private mutating func readDigits(after what: String) throws(JSONParseError) {
        guard position < bytes.count else {
            _ = try endOfInput(expecting: "a digit after \(what)")
            return
        }
        guard isDigit(bytes[position]) else {
            throw failure("expected a digit after \(what), found \(describe(bytes[position]))")
        }
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
    }

    private mutating func readLiteral(_ word: [UInt8], value: JSONValue) throws(JSONParseError) -> JSONValue? {
        for (offset, expected) in word.enumerated() {
            let index = position + offset
            guard index < bytes.count else {
                position = bytes.count
                let name = String(decoding: word, as: UTF8.self)
                _ = try endOfInput(expecting: "the rest of '\(name)'")
                return mode == .partialClosing ? Optional(value) : Optional.none
            }
            guard bytes[index] == expected else {
                position = index
                let name = String(decoding: word, as: UTF8.self)
                throw failure("invalid literal: expected '\(name)', found \(describe(bytes[index]))")
            }
        }
        position += word.count
        return value
    }

    // MARK: Helpers

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// In strict mode the end of input is an error; in the partial modes it ends reading.
    private mutating func endOfInput(expecting what: String) throws(JSONParseError) -> JSONValue? {
        if mode == .strict { throw failure("unexpected end of input, expected \(what)") }
        reachedEnd = true
        return nil
    }

    private func failure(_ reason: String) -> JSONParseError {
        JSONParseError(offset: position, reason: reason)
    }

    private func describe(_ byte: UInt8) -> String {
        if byte >= 0x20, byte < 0x7F { return "'\(String(UnicodeScalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }
}

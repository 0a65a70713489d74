/// An event's exact bytes and its `data` text, held once: a large event with one `data:` line (every Anthropic
/// event is one) keeps its text as a stretch of its bytes instead of a second copy, so a 50 MB event costs 50 MB
/// from the parser to the store, not 100.
public struct EventPayload: Sendable {
    private enum Text: Sendable {
        case own(String)
        /// `raw[range]`, checked to be valid UTF-8 (so decoding it repairs nothing).
        case inRaw(Range<Int>)
    }

    private var bytes: [UInt8]
    private var text: Text

    /// A payload whose `data` is a string of its own.
    public init(data: String, raw: [UInt8]) {
        bytes = raw
        text = .own(data)
    }

    /// A payload whose `data` is `raw[range]` when those bytes are valid UTF-8; otherwise `data` is their
    /// decoding with U+FFFD for each invalid sequence (what `String(decoding:as:)` makes), held on its own.
    public init(raw: [UInt8], dataRange range: Range<Int>) {
        bytes = raw
        let slice = raw[range]
        if UTF8Validation.isValid(slice) {
            text = .inRaw(range)
        } else {
            text = .own(String(decoding: slice, as: UTF8.self))
        }
    }

    /// The exact bytes as received.
    public var raw: [UInt8] {
        get { bytes }
        set {
            // The text must not follow bytes that change under it.
            if case .inRaw = text { text = .own(data) }
            bytes = newValue
        }
    }

    /// The joined `data:` payload (made from the bytes on each read when it lives in them).
    public var data: String {
        get {
            switch text {
            case .own(let string): string
            case .inRaw(let range): String(decoding: bytes[range], as: UTF8.self)
            }
        }
        set { text = .own(newValue) }
    }

    /// Whether `data` is read from `raw` rather than held on its own (for tests and the store's binding).
    public var dataIsInRaw: Bool {
        if case .inRaw = text { true } else { false }
    }

    /// Calls `body` with the UTF-8 bytes of `data` in place, without making a string of a large event's text.
    public func withDataUTF8<Value, Failure: Error>(
        _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Value
    ) throws(Failure) -> Value {
        let result: Result<Value, Failure>
        switch text {
        case .own(let string):
            var string = string
            result = string.withUTF8 { utf8 in Result { () throws(Failure) in try body(utf8) } }
        case .inRaw(let range):
            result = bytes.withUnsafeBufferPointer { all in
                Result { () throws(Failure) in try body(UnsafeBufferPointer(rebasing: all[range])) }
            }
        }
        return try result.get()
    }
}

extension EventPayload: Hashable {
    /// Equal when bytes and text are, however the text is held.
    public static func == (lhs: EventPayload, rhs: EventPayload) -> Bool {
        guard lhs.bytes == rhs.bytes else { return false }
        switch (lhs.text, rhs.text) {
        case (.inRaw(let left), .inRaw(let right)) where left == right: return true
        case (.own(let left), .own(let right)): return left == right
        default: return lhs.data == rhs.data
        }
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes)
        hasher.combine(data)
    }
}

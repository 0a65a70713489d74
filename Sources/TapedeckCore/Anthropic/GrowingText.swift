/// Text that grows by appending (streamed text, thinking, tool input) and is cheap to snapshot.
///
/// Built on `AppendOnlyList`: a snapshot taken after every event shares the bytes with the assembler,
/// so appending a delta stays amortised O(1) and a 100,000-event exchange assembles in linear time.
/// A large first piece (one huge delta, the usual shape of a very large answer) is kept as the string it
/// arrived as, not copied: the recorder then holds a 50 MB answer once, and `string` hands it out shared.
public struct GrowingText: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The first piece when it was large, shared with whoever made it; empty otherwise.
    private var head = ""
    /// Everything appended after `head`.
    private var bytes = AppendOnlyList<UInt8>()

    /// From this many UTF-8 bytes on, a first piece is kept as it is instead of copied.
    public static let adoptedBytes = 64 << 10

    /// Creates text holding `string`.
    public init(_ string: String = "") {
        append(string)
    }

    /// Creates text from a literal.
    public init(stringLiteral value: String) { self.init(value) }

    /// Appends `string`.
    public mutating func append(_ string: String) {
        if isEmpty, string.utf8.count >= Self.adoptedBytes {
            var string = string
            string.makeContiguousUTF8()
            head = string
            return
        }
        bytes.append(contentsOf: string.utf8)
    }

    /// The whole text (O(length) unless it is one adopted piece: built on each call).
    public var string: String {
        if bytes.isEmpty { return head }
        return head + bytes.withElements { String(decoding: $0, as: UTF8.self) }
    }

    /// Length in UTF-8 bytes, O(1).
    public var utf8Count: Int { head.utf8.count + bytes.count }

    /// Whether nothing has been appended.
    public var isEmpty: Bool { head.isEmpty && bytes.isEmpty }

    /// The text itself.
    public var description: String { string }

    /// Equal when the UTF-8 bytes are, however they were appended.
    public static func == (lhs: GrowingText, rhs: GrowingText) -> Bool {
        guard lhs.utf8Count == rhs.utf8Count else { return false }
        if lhs.head.isEmpty && rhs.head.isEmpty { return lhs.bytes == rhs.bytes }
        return lhs.string.utf8.elementsEqual(rhs.string.utf8)
    }

    /// Hashes the UTF-8 bytes, so equal texts hash alike however they were appended.
    public func hash(into hasher: inout Hasher) {
        // Fed as one stream of bytes in pieces (the head, then the rest): `Hasher` does not see the seam.
        var head = self.head
        head.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        bytes.withElements { rest in rest.withUnsafeBytes { hasher.combine(bytes: $0) } }
        hasher.combine(utf8Count)
    }
}

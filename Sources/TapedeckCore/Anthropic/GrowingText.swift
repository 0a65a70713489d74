/// Text that grows by appending (streamed text, thinking, tool input) and is cheap to snapshot.
///
/// Built on `AppendOnlyList`: a snapshot taken after every event shares the bytes with the assembler,
/// so appending a delta stays amortised O(1) and a 100,000-event exchange assembles in linear time.
public struct GrowingText: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    private var bytes: AppendOnlyList<UInt8>

    /// Creates text holding `string`.
    public init(_ string: String = "") {
        bytes = AppendOnlyList(string.utf8)
    }

    /// Creates text from a literal.
    public init(stringLiteral value: String) { self.init(value) }

    /// Appends `string`.
    public mutating func append(_ string: String) {
        bytes.append(contentsOf: string.utf8)
    }

    /// The whole text (O(length): built on each call).
    public var string: String { bytes.withElements { String(decoding: $0, as: UTF8.self) } }

    /// Length in UTF-8 bytes, O(1).
    public var utf8Count: Int { bytes.count }

    /// Whether nothing has been appended.
    public var isEmpty: Bool { bytes.isEmpty }

    /// The text itself.
    public var description: String { string }
}

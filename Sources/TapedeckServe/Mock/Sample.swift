/// One sample exchange from Samples/: the SSE stream, the request that produced it and the final
/// message the official SDK assembles from it.
public struct Sample: Sendable, Hashable {
    /// File stem, e.g. "text_basic".
    public var name: String
    /// `outcome` from Samples/manifest.json: "complete", "error_event" or "truncated" (nil if unknown).
    public var outcome: String?
    /// The exact bytes of `NAME.sse`.
    public var sse: [UInt8]
    /// The bytes of `NAME.request.json`, if present.
    public var request: [UInt8]?
    /// The bytes of `NAME.expected.json`, if present.
    public var expected: [UInt8]?

    /// Creates a sample.
    public init(
        name: String, outcome: String? = nil, sse: [UInt8], request: [UInt8]? = nil, expected: [UInt8]? = nil
    ) {
        self.name = name
        self.outcome = outcome
        self.sse = sse
        self.request = request
        self.expected = expected
    }

    /// Whether the stream breaks off (the mock then cuts the connection after its last byte).
    public var isTruncated: Bool { outcome == "truncated" }
}

/// A whole HTTP response as a script: status, headers, timed body parts and how it ends.
///
/// The mock upstream, `tapedeck serve` and the tests' NIO upstream all reduce every answer to this value, so
/// one engine is responsible for timing, chunking and cutting streams.
public struct ScriptedResponse: Sendable, Hashable {
    /// HTTP status code.
    public var status: Int
    /// Response headers in order; hop-by-hop headers and `content-length` are managed by the server.
    public var headers: [HeaderField]
    /// Nanoseconds to wait before sending the response head (time to first byte).
    public var headDelayNanos: Int64
    /// Body writes in order.
    public var parts: [ScriptedPart]
    /// Whether the body finishes or the connection is cut after the last part.
    public var ending: ScriptedEnding
    /// Whether parts already due when the server gets to them go out in one write (a replay, where only the timing
    /// matters) rather than one write each (a mock whose chunking is what is being tested).
    public var coalescesDueParts = false

    /// Creates a scripted response.
    public init(
        status: Int, headers: [HeaderField] = [], headDelayNanos: Int64 = 0, parts: [ScriptedPart] = [],
        ending: ScriptedEnding = .clean
    ) {
        self.status = status
        self.headers = headers
        self.headDelayNanos = headDelayNanos
        self.parts = parts
        self.ending = ending
    }

    /// All body bytes concatenated: what a client reads when nothing is lost.
    public var body: [UInt8] { parts.flatMap(\.bytes) }

    /// Total scripted delay (head plus parts), before any speed factor.
    public var totalDelayNanos: Int64 { parts.reduce(headDelayNanos) { $0 + $1.delayNanos } }

    /// The same response with every delay divided by `speed` (`speed` <= 0 or infinite: no delays).
    public func scaled(bySpeed speed: Double) -> ScriptedResponse {
        var copy = self
        copy.headDelayNanos = Self.scale(headDelayNanos, speed)
        // Scaled as times from the start, not gap by gap, so rounding never adds up over many parts.
        var original: Int64 = 0
        var previous: Int64 = 0
        copy.parts = parts.map { part in
            original += part.delayNanos
            let at = Self.scale(original, speed)
            defer { previous = at }
            return ScriptedPart(delayNanos: at - previous, bytes: part.bytes)
        }
        return copy
    }

    private static func scale(_ nanos: Int64, _ speed: Double) -> Int64 {
        guard speed > 0, speed.isFinite else { return 0 }
        return Int64((Double(nanos) / speed).rounded())
    }
}

/// One write of a scripted response body: wait `delayNanos`, then send `bytes` as one chunk.
public struct ScriptedPart: Sendable, Hashable {
    /// Nanoseconds to wait after the previous part (or after the head) before writing.
    public var delayNanos: Int64
    /// The bytes written in one go (one HTTP chunk).
    public var bytes: [UInt8]

    /// Creates a part.
    public init(delayNanos: Int64 = 0, bytes: [UInt8]) {
        self.delayNanos = delayNanos
        self.bytes = bytes
    }
}

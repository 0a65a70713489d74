/// The wall time between playback ticks. The first tick after a start, pause or seek only sets the mark, so a
/// slow first frame or a long pause never makes playback jump ahead.
struct TickInterval: Sendable, Hashable {
    private var lastNanos: UInt64?

    /// Nanoseconds since the previous tick, or nil on the first tick (which sets the mark).
    mutating func elapsed(nowNanos: UInt64) -> UInt64? {
        defer { lastNanos = nowNanos }
        guard let last = lastNanos else { return nil }
        return nowNanos > last ? nowNanos - last : 0
    }

    /// Forgets the mark: the next tick starts counting again.
    mutating func reset() { lastNanos = nil }
}

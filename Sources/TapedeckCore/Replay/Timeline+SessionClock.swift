extension Timeline {
    /// Puts the cursor before the first event with the clock `lead` nanoseconds before the request start: the
    /// wait before this exchange of a session (tools running, a person typing) is played on the same clock.
    public mutating func seekToStart(lead: Int64) {
        seek(toPosition: 0)
        clockNanos = -max(0, lead)
    }

    /// Virtual nanoseconds left before the request starts (0 once it has started).
    public var leadRemainingNanos: Int64 { max(0, -clockNanos) }

    /// Whether the cursor and the clock are both at the end of the stream.
    public var isAtEnd: Bool { position >= eventCount && clockNanos >= totalVirtualNanos }

    /// Advances the clock by `nanos` of virtual time (already speed-scaled), applying every event that became
    /// due; for a session that drives several timelines on one clock. Returns the time left over past the end
    /// of the stream (nil while the stream still has time to play).
    public mutating func advance(byVirtualNanos nanos: Int64) -> Int64? {
        clockNanos = clockNanos > Int64.max / 2 - nanos ? Int64.max / 2 : clockNanos + max(0, nanos)
        let target = position(atVirtualNanos: clockNanos)
        if target != position { moveCursor(to: max(target, position)) }
        guard position >= eventCount, clockNanos >= totalVirtualNanos else { return nil }
        let leftover = clockNanos - totalVirtualNanos
        clockNanos = totalVirtualNanos
        return leftover
    }
}

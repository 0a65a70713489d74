import TapedeckCore

/// Everything that can change the replayer's state: the "message" of the Elm architecture.
public enum ReplayMessage: Sendable, Hashable {
    /// A key press.
    case key(TerminalKey)
    /// Wall-clock time passed (a monotonic clock in nanoseconds).
    case tick(nowNanos: UInt64)
    /// The terminal changed size.
    case resize(width: Int, height: Int)
    /// The next page of a long exchange's events, read while the first screen shows; `isLast` when none follow.
    case eventsLoaded([RecordedEvent], isLast: Bool)
    /// Reading the rest of the events failed with this message; what was loaded stays on screen.
    case eventLoadFailed(String)
}

/// Everything that can change the replayer's state: the "message" of the Elm architecture.
public enum ReplayMessage: Sendable, Hashable {
    /// A key press.
    case key(TerminalKey)
    /// Wall-clock time passed (a monotonic clock in nanoseconds).
    case tick(nowNanos: UInt64)
    /// The terminal changed size.
    case resize(width: Int, height: Int)
}

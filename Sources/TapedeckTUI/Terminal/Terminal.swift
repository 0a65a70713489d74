/// What the run loop needs from a terminal: the only seam between pure TUI code and a real screen.
public protocol Terminal {
    /// Current size in cells.
    var size: (width: Int, height: Int) { get }
    /// Whether the backend draws colours (false when unsupported or NO_COLOR is set).
    var usesColor: Bool { get }
    /// Draws a whole screen (the backend may diff it against the previous one).
    mutating func draw(_ screen: Screen)
    /// Waits up to `timeoutMilliseconds` for input; nil when nothing arrived.
    mutating func readInput(timeoutMilliseconds: Int) -> TerminalInput?
    /// Gives the terminal back to the shell (idempotent).
    mutating func restore()
}

/// One input from the terminal: a key or a size change.
public enum TerminalInput: Sendable, Hashable {
    /// A key press.
    case key(TerminalKey)
    /// The terminal now has this size.
    case resize(width: Int, height: Int)
}

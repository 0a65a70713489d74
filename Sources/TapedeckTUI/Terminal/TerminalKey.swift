/// A key press as the replayer understands it, independent of the terminal library.
public enum TerminalKey: Sendable, Hashable {
    /// A printable character (letters, digits, punctuation, space).
    case character(Character)
    /// Arrow up.
    case up
    /// Arrow down.
    case down
    /// Arrow left.
    case left
    /// Arrow right.
    case right
    /// Page up.
    case pageUp
    /// Page down.
    case pageDown
    /// Home.
    case home
    /// End.
    case end
    /// Tab.
    case tab
    /// Shift-Tab.
    case backTab
    /// Enter / Return.
    case enter
    /// Escape.
    case escape
    /// Backspace or Delete-left.
    case backspace
    /// Ctrl-C delivered as a key (raw mode) rather than a signal.
    case interrupt
}

/// What the session view's scroll keys act on; tab and enter move between the turn list and the panes.
public enum SessionFocus: Sendable, Hashable {
    /// The turn list (↑ ↓ choose a turn).
    case turns
    /// One of the stream panes of the selected turn (↑ ↓ scroll it).
    case pane(ReplayPane)
    /// The Request pane (↑ ↓ scroll it).
    case request

    /// The focus tab moves to: turns, then each stream pane, then the Request pane when it is shown.
    func next(requestShown: Bool) -> SessionFocus {
        switch self {
        case .turns: .pane(.thinking)
        case .pane(.thinking): .pane(.text)
        case .pane(.text): .pane(.tools)
        case .pane(.tools): requestShown ? .request : .turns
        case .request: .turns
        }
    }

    /// The focus shift-tab moves to.
    func previous(requestShown: Bool) -> SessionFocus {
        switch self {
        case .turns: requestShown ? .request : .pane(.tools)
        case .pane(.thinking): .turns
        case .pane(.text): .pane(.thinking)
        case .pane(.tools): .pane(.text)
        case .request: .pane(.tools)
        }
    }
}

/// How the session view ended.
public enum SessionExit: Sendable, Hashable {
    /// `q` in a view opened from the picker: show the picker again.
    case backToPicker
    /// `Q`, Ctrl-C, or `q` in a view opened directly: leave the replayer.
    case quit
}

import TapedeckCore

/// One session offered by the picker: its row and its figures (as `tapedeck ls` shows them).
public struct SessionPickerItem: Sendable, Hashable {
    /// The session row.
    public var summary: SessionSummary
    /// Exchanges, turns, worst outcome.
    public var figures: SessionFigures

    /// Creates an item.
    public init(summary: SessionSummary, figures: SessionFigures) {
        self.summary = summary
        self.figures = figures
    }
}

/// The session list shown by `tapedeck replay` without an id: pick with arrows and enter, `/` filters.
public struct SessionPickerState: Sendable {
    /// Every session offered, newest first.
    public var sessions: [SessionPickerItem]
    /// The filter text (matched against id, client, models and worst outcome).
    public var filter = ""
    /// Whether keys are typed into the filter.
    public var isEditingFilter = false
    /// Index into `visible` of the highlighted row.
    public var selection = 0
    /// Terminal columns.
    public var width: Int
    /// Terminal rows.
    public var height: Int
    /// The session id picked with enter; the run loop ends.
    public var chosen: String?
    /// Set by `q` or escape outside the filter: the run loop ends without a choice.
    public var cancelled = false

    /// Creates the picker.
    public init(sessions: [SessionPickerItem], width: Int, height: Int) {
        self.sessions = sessions
        self.width = width
        self.height = height
    }

    /// Sessions matching the filter (case-insensitive substring of id, client, a model, the worst outcome).
    public var visible: [SessionPickerItem] {
        let needle = filter.lowercased()
        guard !needle.isEmpty else { return sessions }
        return sessions.filter { item in
            ([item.summary.id, item.summary.client ?? "", item.figures.outcome.rawValue] + item.figures.models)
                .contains { $0.lowercased().contains(needle) }
        }
    }

    /// The picker ready to be shown again after the chosen session was closed with `q`.
    public func reopened() -> SessionPickerState {
        var state = self
        state.chosen = nil
        state.cancelled = false
        return state
    }
}

/// Input to the session picker.
public enum SessionPickerMessage: Sendable, Hashable {
    /// A key press.
    case key(TerminalKey)
    /// The terminal changed size.
    case resize(width: Int, height: Int)
}

/// The picker's pure state transition.
public func update(_ state: SessionPickerState, _ message: SessionPickerMessage) -> SessionPickerState {
    var next = state
    switch message {
    case .resize(let width, let height):
        next.width = width
        next.height = height
    case .key(let key):
        if next.isEditingFilter {
            switch key {
            case .enter: next.isEditingFilter = false
            case .escape:
                next.isEditingFilter = false
                next.filter = ""
            case .backspace: if !next.filter.isEmpty { next.filter.removeLast() }
            case .character(let character): next.filter.append(character)
            case .interrupt: next.cancelled = true
            case .up: next.selection -= 1
            case .down: next.selection += 1
            default: break
            }
        } else {
            let page = max(1, SessionPickerView.listRows(height: next.height))
            switch key {
            case .up, .character("k"): next.selection -= 1
            case .down, .character("j"): next.selection += 1
            case .pageUp: next.selection -= page
            case .pageDown: next.selection += page
            case .home, .character("g"): next.selection = 0
            case .end, .character("G"): next.selection = Int.max / 2
            case .character("/"): next.isEditingFilter = true
            case .enter:
                let visible = next.visible
                if next.selection >= 0, next.selection < visible.count {
                    next.chosen = visible[next.selection].summary.id
                }
            case .character("q"), .character("Q"), .escape, .interrupt: next.cancelled = true
            default: break
            }
        }
    }
    next.selection = min(max(0, next.selection), max(0, next.visible.count - 1))
    return next
}

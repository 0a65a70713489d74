import TapedeckCore

/// The exchange list shown by `tapedeck replay` without an id: pick with arrows and enter, `/` filters.
public struct ExchangePickerState: Sendable {
    /// Every exchange offered, newest first.
    public var exchanges: [ExchangeSummary]
    /// The filter text (matched against id, model, outcome and stop reason).
    public var filter = ""
    /// Whether keys are typed into the filter.
    public var isEditingFilter = false
    /// Index into `visible` of the highlighted row.
    public var selection = 0
    /// Terminal columns.
    public var width: Int
    /// Terminal rows.
    public var height: Int
    /// The id picked with enter; the run loop ends.
    public var chosen: String?
    /// Set by `q` or escape outside the filter: the run loop ends without a choice.
    public var cancelled = false

    /// Creates the picker.
    public init(exchanges: [ExchangeSummary], width: Int, height: Int) {
        self.exchanges = exchanges
        self.width = width
        self.height = height
    }

    /// Exchanges matching the filter (case-insensitive substring of id, model, outcome, stop reason).
    public var visible: [ExchangeSummary] {
        let needle = filter.lowercased()
        guard !needle.isEmpty else { return exchanges }
        return exchanges.filter { summary in
            [summary.id, summary.model ?? "", summary.outcome.rawValue, summary.stopReason ?? ""]
                .contains { $0.lowercased().contains(needle) }
        }
    }
}

/// Input to the exchange picker.
public enum ExchangePickerMessage: Sendable, Hashable {
    /// A key press.
    case key(TerminalKey)
    /// The terminal changed size.
    case resize(width: Int, height: Int)
}

/// The picker's pure state transition.
public func update(_ state: ExchangePickerState, _ message: ExchangePickerMessage) -> ExchangePickerState {
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
            let page = max(1, ExchangePickerView.listRows(height: next.height))
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
                if next.selection >= 0, next.selection < visible.count { next.chosen = visible[next.selection].id }
            case .character("q"), .escape, .interrupt: next.cancelled = true
            default: break
            }
        }
    }
    next.selection = min(max(0, next.selection), max(0, next.visible.count - 1))
    return next
}

import TapedeckCore

/// The whole state of the session view as one value: the session's clock and selected turn, plus what the
/// viewer chose to see (focus, scroll positions, the Request pane, overlays, the full-screen exchange view).
public struct SessionReplayState: Sendable {
    /// The session, its selected turn's timeline and the playback clock.
    public var session: SessionTimeline
    /// Terminal columns.
    public var width: Int
    /// Terminal rows.
    public var height: Int
    /// What ↑ ↓ PgUp PgDn act on.
    public var focus: SessionFocus = .turns
    /// Lines each stream pane is scrolled up from its end (0 = following the cursor).
    public var scrollBack: [ReplayPane: Int] = [:]
    /// Whether the Request pane (what this turn sent that the previous one did not) is shown.
    public var showsRequest = false
    /// Whether the Request pane also shows the system prompt and the tool list.
    public var showsRequestContext = false
    /// Lines the Request pane is scrolled down from its top.
    public var requestScroll = 0
    /// The panel shown over the panes, if any.
    public var overlay: ReplayOverlay?
    /// Lines the overlay is scrolled down.
    public var overlayScroll = 0
    /// Whether the selected turn's exchange is shown full screen (today's exchange view).
    public var showsExchange = false
    /// Whether `q` goes back to the session picker (the view was opened from it) instead of quitting.
    public var openedFromPicker = false
    /// See `ReplayState.notice`.
    public var notice: String?
    /// Set when the view ends; the run loop stops.
    public var exit: SessionExit?

    /// Creates the state for a session on a terminal of the given size.
    public init(session: SessionTimeline, width: Int, height: Int, openedFromPicker: Bool = false) {
        self.session = session
        self.width = width
        self.height = height
        self.openedFromPicker = openedFromPicker
    }

    /// The selected turn's exchange as the exchange view's state (the full-screen view, and the raw and
    /// diagnostics overlays, which are the exchange view's).
    public var exchangeState: ReplayState {
        var state = ReplayState(timeline: session.timeline, width: width, height: height)
        if case .pane(let pane) = focus { state.focus = pane }
        state.scrollBack = scrollBack
        state.overlay = overlay
        state.overlayScroll = overlayScroll
        let label = session.turn.map { " " + TurnInputSummary.label($0) } ?? ""
        state.sessionTurn = "turn \(session.turnIndex + 1)/\(session.turnCount)\(label)"
        state.notice = notice
        return state
    }

    /// Takes back what the full-screen exchange view changed (its cursor and clock, focus, scrolling, overlay).
    mutating func adopt(_ state: ReplayState) {
        let timeline = state.timeline
        session.withTimeline { $0 = timeline }
        session.setSpeed(timeline.speed)
        focus = .pane(state.focus)
        scrollBack = state.scrollBack
        overlay = state.overlay
        overlayScroll = state.overlayScroll
        notice = state.notice
    }

    /// Lines a stream pane is scrolled up from its end.
    public func scrollBack(of pane: ReplayPane) -> Int { scrollBack[pane] ?? 0 }

    /// Makes every pane follow the cursor again and the Request pane show its top.
    mutating func followCursor() {
        scrollBack = [:]
    }
}

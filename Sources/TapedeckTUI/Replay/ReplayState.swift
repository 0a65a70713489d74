import TapedeckCore

/// The whole state of the replayer as one value: the timeline plus what the viewer chose to see.
public struct ReplayState: Sendable {
    /// Cursor, clock and assembled message.
    public var timeline: Timeline
    /// Terminal columns.
    public var width: Int
    /// Terminal rows.
    public var height: Int
    /// The pane that ↑ ↓ PgUp PgDn scroll.
    public var focus: ReplayPane = .text
    /// Lines each pane is scrolled up from its end (0 = following the cursor).
    public var scrollBack: [ReplayPane: Int] = [:]
    /// The panel shown over the panes, if any.
    public var overlay: ReplayOverlay?
    /// Lines the overlay is scrolled down.
    public var overlayScroll = 0
    /// Set by `q`: the run loop ends.
    public var shouldQuit = false
    /// A one-line answer to the last key when it could not do anything ("no later anomaly"), shown in place of
    /// the key hints until the next key.
    public var notice: String?
    /// The session turn this view shows full screen ("turn 3/6 T2#2"), nil when opened on its own; the status
    /// bar names it and the help and key hints say how to go back.
    public var sessionTurn: String?

    /// Why reading the rest of the exchange's events stopped, if it did (the screen keeps what was loaded).
    public var loadFailure: String?
    /// Set by `G` while events are still loading: the cursor goes on to the end when the last page is in.
    public var goesToEndWhenLoaded = false

    /// Whether pages of events are still arriving (not all loaded, and no failure).
    public var isLoadingEvents: Bool { !timeline.isLoaded && loadFailure == nil }

    /// Whether this view was opened full screen from a session.
    public var inSession: Bool { sessionTurn != nil }

    /// Creates the state for a timeline on a terminal of the given size.
    public init(timeline: Timeline, width: Int, height: Int) {
        self.timeline = timeline
        self.width = width
        self.height = height
    }

    /// Lines a pane is scrolled up from its end.
    public func scrollBack(of pane: ReplayPane) -> Int { scrollBack[pane] ?? 0 }

    /// Makes every pane follow the cursor again.
    mutating func followCursor() { scrollBack = [:] }
}

import TapedeckCore

extension SessionReplayState: ProgramModel {
    /// Set by `q`, `Q` or Ctrl-C.
    public var isFinished: Bool { exit != nil }
    /// The session clock runs, or the full-screen exchange view's.
    public var isPlaying: Bool { session.isPlaying || (showsExchange && session.timeline.isPlaying) }
    /// Turn, cursor and playing state.
    public var playbackStamp: [Int] {
        [session.turnIndex, session.timeline.position, isPlaying ? 1 : 0, showsExchange ? 1 : 0]
    }
    /// `update(self, message)`.
    public func updated(_ message: ReplayMessage) -> SessionReplayState { update(self, message) }
    /// `render(self, into:)`.
    public func draw(into screen: inout Screen) { render(self, into: &screen) }
}

/// Entry points for `tapedeck replay SESSION`: a snapshot of the session view as text, or the interactive view.
public enum SessionReplayApp {
    /// The session view with turn `turn` (0-based, clamped) selected and its cursor after `position` events
    /// (default: the end of that turn's stream), as plain text.
    public static func snapshot(
        session: RecordedSession, turn: Int = 0, at position: Int? = nil, width: Int = 120, height: Int = 40,
        maxIdle: Double? = nil
    ) -> String {
        var timeline = SessionTimeline(session: session, maxIdle: maxIdle, turn: turn)
        timeline.select(turn: turn, position: position)
        var screen = Screen(width: width, height: height)
        render(SessionReplayState(session: timeline, width: width, height: height), into: &screen)
        return screen.plainText
    }

    /// The state the interactive view starts in: turn `turn` at event `position` (default: the start of the
    /// turn when playing, the end of the turn when paused).
    public static func initialState(
        session: RecordedSession, turn: Int = 0, speed: Double = 1, maxIdle: Double? = nil, paused: Bool = false,
        at position: Int? = nil, width: Int, height: Int, openedFromPicker: Bool = false
    ) -> SessionReplayState {
        var timeline = SessionTimeline(session: session, maxIdle: maxIdle, turn: turn)
        timeline.setSpeed(speed)
        timeline.select(turn: turn, position: position ?? (paused ? nil : 0))
        if !paused { timeline.play() }
        return SessionReplayState(
            session: timeline, width: width, height: height, openedFromPicker: openedFromPicker)
    }

    /// Runs the session view on an open terminal until `q`, `Q` or Ctrl-C; returns how it ended.
    public static func run<T: Terminal>(_ initial: SessionReplayState, terminal: inout T) -> SessionExit {
        TerminalProgram.run(initial, terminal: &terminal).exit ?? .quit
    }
}

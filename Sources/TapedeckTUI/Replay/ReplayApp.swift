import TapedeckCore

/// One-call entry points for commands (`replay`, `demo`): a snapshot as text, or the interactive replayer.
public enum ReplayApp {
    /// The exact replayer screen after `position` events (default: the end) as plain text.
    public static func snapshot(
        exchange: RecordedExchange, at position: Int? = nil, width: Int = 120, height: Int = 40, maxIdle: Double? = nil
    ) -> String {
        var timeline = Timeline(exchange: exchange, maxIdle: maxIdle)
        timeline.seek(toPosition: position ?? timeline.eventCount)
        return snapshot(timeline, width: width, height: height)
    }

    /// The exact replayer screen of `timeline` at its cursor, as plain text.
    public static func snapshot(_ timeline: Timeline, width: Int = 120, height: Int = 40) -> String {
        var screen = Screen(width: width, height: height)
        render(ReplayState(timeline: timeline, width: width, height: height), into: &screen)
        return screen.plainText
    }

    /// Runs the interactive replayer on the controlling terminal until `q`; the terminal is
    /// restored on every exit path. Throws when curses cannot start.
    public static func runInteractive(
        exchange: RecordedExchange, speed: Double = 1, maxIdle: Double? = nil, paused: Bool = false,
        at position: Int? = nil
    ) throws {
        var timeline = Timeline(exchange: exchange, maxIdle: maxIdle)
        timeline.setSpeed(speed)
        if let position { timeline.seek(toPosition: position) }
        try runInteractive(timeline, paused: paused)
    }

    /// Runs the interactive replayer over an already built `timeline` (speed and cursor as set) until `q`.
    /// A timeline still loading gets its remaining pages from `inbox` (see `TerminalProgram.run`).
    public static func runInteractive(
        _ timeline: Timeline, paused: Bool = false, inbox: () -> [ReplayMessage] = { [] }
    ) throws {
        var timeline = timeline
        if !paused { timeline.play() }
        var terminal = try NCursesTerminal(allowColor: true)
        defer { terminal.restore() }
        let size = terminal.size
        _ = TerminalProgram.run(
            ReplayState(timeline: timeline, width: size.width, height: size.height), terminal: &terminal,
            inbox: inbox)
    }
}

import Foundation
import TapedeckCore
import TapedeckExport
import TapedeckStore
import TapedeckTUI

/// What the demo shows of the session it picked: the session view on a terminal, text otherwise.
enum DemoReplay {
    /// Opens the session view on its failing turn, playing from the start of that turn at a speed a person
    /// can follow, so the break happens in front of them; every other turn is one `p` away.
    static func interactive(session: RecordedSession, turn: Int) throws {
        var terminal = try NCursesTerminal(allowColor: true)
        defer { terminal.restore() }
        let size = terminal.size
        let state = SessionReplayApp.initialState(
            session: session, turn: turn, speed: 0.5, maxIdle: 2, paused: false, at: 0, width: size.width,
            height: size.height)
        _ = SessionReplayApp.run(state, terminal: &terminal)
    }

    /// The `show` text of the session: one line per turn, then its anomalies.
    static func show(session: RecordedSession) -> String {
        SessionShowReport(session: session).text()
    }

    /// The session view at the end of the failing turn, as plain text.
    static func snapshot(session: RecordedSession, turn: Int) -> String {
        SessionReplayApp.snapshot(session: session, turn: turn, width: 120, height: 32)
    }

    /// The turn a person should see first: the last failed one with events (the break mid-stream), else the last.
    static func telling(_ session: RecordedSession) -> Int {
        session.exchanges.lastIndex { $0.summary.outcome.isFailure && !$0.events.isEmpty }
            ?? max(0, session.exchanges.count - 1)
    }
}

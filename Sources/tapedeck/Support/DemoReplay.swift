import TapedeckCore
import TapedeckExport
import TapedeckStore
import TapedeckTUI

/// What the demo shows of the session it picked: the replayer on a terminal, text otherwise.
enum DemoReplay {
    /// Opens the interactive replayer paused at the start, so the first keypress is the user's.
    static func interactive(session: RecordedSession, store: TapedeckStore) async throws {
        try ReplayApp.runInteractive(session: session, speed: 1, maxIdle: 2, paused: false)
    }

    /// The `show` text of the session.
    static func show(session: RecordedSession, store: TapedeckStore) -> String {
        let chain = (try? store.retryChain(of: session.summary.id)) ?? []
        return ShowReport(session: session, chain: chain).text()
    }

    /// The replayer's screen at the end of the session, as plain text.
    static func snapshot(session: RecordedSession) -> String {
        ReplayApp.snapshot(session: session, width: 120, height: 32)
    }
}

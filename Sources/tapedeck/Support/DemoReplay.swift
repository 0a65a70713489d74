import TapedeckCore
import TapedeckExport
import TapedeckStore
import TapedeckTUI

/// What the demo shows of the exchange it picked: the replayer on a terminal, text otherwise.
enum DemoReplay {
    /// Opens the interactive replayer paused at the start, so the first keypress is the user's.
    static func interactive(exchange: RecordedExchange, store: TapedeckStore) async throws {
        try ReplayApp.runInteractive(exchange: exchange, speed: 1, maxIdle: 2, paused: false)
    }

    /// The `show` text of the exchange.
    static func show(exchange: RecordedExchange, store: TapedeckStore) -> String {
        let chain = (try? store.retryChain(of: exchange.summary.id)) ?? []
        return ShowReport(exchange: exchange, chain: chain).text()
    }

    /// The replayer's screen at the end of the exchange, as plain text.
    static func snapshot(exchange: RecordedExchange) -> String {
        ReplayApp.snapshot(exchange: exchange, width: 120, height: 32)
    }
}

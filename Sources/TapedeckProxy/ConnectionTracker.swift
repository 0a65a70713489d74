import NIOConcurrencyHelpers
import NIOCore

/// Counts client connections and in-flight exchanges across loops: it admits connections up to the cap, and lets
/// shutdown find the connections still open once the grace is over.
final class ConnectionTracker: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var activeExchanges = 0
        var draining = false
        var refusedSinceNotice = 0
        var lastNotice: NIODeadline?
    }

    /// The most client connections open at once; more are closed at accept.
    let maxConnections: Int
    private let state = NIOLockedValueBox(State())

    /// Creates a tracker that admits at most `maxConnections` connections at once.
    init(maxConnections: Int) {
        self.maxConnections = max(1, maxConnections)
    }

    /// Whether shutdown started (new responses say `connection: close`).
    var isDraining: Bool { state.withLockedValue { $0.draining } }

    /// Exchanges currently running.
    var activeExchanges: Int { state.withLockedValue { $0.activeExchanges } }

    /// Admits a new connection, or refuses it when `maxConnections` are open. A refusal returns the notice to log
    /// (nil when one was logged less than ten seconds ago: a flood of refusals logs a line every ten seconds, with
    /// the count since the last one).
    func admit(_ channel: any Channel) -> (admitted: Bool, notice: String?) {
        let maxConnections = self.maxConnections
        return state.withLockedValue { state in
            if state.channels.count < maxConnections {
                state.channels[ObjectIdentifier(channel)] = channel
                return (true, nil)
            }
            state.refusedSinceNotice += 1
            let now = NIODeadline.now()
            if let last = state.lastNotice, now - last < .seconds(10) { return (false, nil) }
            let refused = state.refusedSinceNotice
            state.refusedSinceNotice = 0
            state.lastNotice = now
            return (
                false,
                "connection limit reached (\(maxConnections) open): refused \(refused) new connection(s); "
                    + "raise it with --max-connections"
            )
        }
    }

    /// Forgets a connection that closed.
    func connectionClosed(_ channel: any Channel) {
        state.withLockedValue { _ = $0.channels.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// An exchange began.
    func exchangeStarted() {
        state.withLockedValue { $0.activeExchanges += 1 }
    }

    /// An exchange ended.
    func exchangeFinished() {
        state.withLockedValue { $0.activeExchanges -= 1 }
    }

    /// Marks the start of shutdown; false when it had already started (shutdown runs once).
    func startDraining() -> Bool {
        state.withLockedValue {
            let first = !$0.draining
            $0.draining = true
            return first
        }
    }

    /// The connections still open.
    var openChannels: [any Channel] { state.withLockedValue { Array($0.channels.values) } }
}

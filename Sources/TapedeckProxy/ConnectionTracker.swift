import Foundation
import NIOCore

/// Counts client connections and in-flight exchanges across loops, so shutdown can stop accepting,
/// wait for running streams, then close what is left.
final class ConnectionTracker: @unchecked Sendable {
    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var activeExchanges = 0
        var draining = false
    }

    // Guarded by `lock`; NSLock keeps the module free of extra dependencies.
    private let lock = NSLock()
    private var _state = State()

    private func withState<T>(_ body: (inout State) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&_state)
    }

    /// Whether shutdown started (new responses say `connection: close`).
    var isDraining: Bool { withState { $0.draining } }

    /// Exchanges currently running.
    var activeExchanges: Int { withState { $0.activeExchanges } }

    func connectionOpened(_ channel: any Channel) {
        withState { $0.channels[ObjectIdentifier(channel)] = channel }
    }

    func connectionClosed(_ channel: any Channel) {
        withState { _ = $0.channels.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    func exchangeStarted() {
        withState { $0.activeExchanges += 1 }
    }

    func exchangeFinished() {
        withState { $0.activeExchanges -= 1 }
    }

    /// Marks the start of shutdown; false when it had already started (shutdown runs once).
    func startDraining() -> Bool {
        withState {
            let first = !$0.draining
            $0.draining = true
            return first
        }
    }

    /// The connections still open.
    var openChannels: [any Channel] { withState { Array($0.channels.values) } }
}

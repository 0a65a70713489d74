import Foundation

/// What a `SpoolingRecorderDatabase` changes as it writes, on the recorder's writer thread.
///
/// `@unchecked Sendable`: `state` is only touched under `lock` (recursive: describing an error met inside a
/// transaction reads the spool path while the transaction holds it).
final class SpoolingState: @unchecked Sendable {
    /// The spool being written.
    struct Spooling {
        /// Its file.
        var path: String
        /// Its open store (closed while an upload reads the file).
        var store: TapedeckStore?
        /// Exchanges with a row in it.
        var present: Set<String> = []
    }

    /// Everything the writer changes.
    struct State {
        /// The live exchanges' rows, for a spool to carry them on.
        var live = LiveExchangeRows()
        /// The spool written while the server is away; nil while writing into the server.
        var spooling: Spooling?
        /// Counts the spools started, so a probe acts only on its own.
        var generation = 0
        /// Whether the recorder stopped (a probe then leaves everything as it is).
        var closed = false
        /// When a spool that could not be made is tried again; nil when none failed.
        var nextSpoolAttempt: ContinuousClock.Instant?
    }

    private let lock = NSRecursiveLock()
    private var state = State()
    /// The spool's path as error messages name it: apart from `state`, which a transaction holds meanwhile.
    private var path: String?

    /// Runs `body` on the state under the lock.
    func withLock<T>(_ body: (inout State) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }

    /// The spool file being written, nil while writing into the server.
    var spoolPath: String? {
        lock.lock()
        defer { lock.unlock() }
        return path
    }

    /// Sets `spoolPath`.
    func setSpoolPath(_ newPath: String?) {
        lock.lock()
        defer { lock.unlock() }
        path = newPath
    }
}

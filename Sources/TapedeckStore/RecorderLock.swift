#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An advisory lock on `<database>-lock` that tells live recorders apart from crashed ones: every
/// `ExchangeRecorder` holds it shared for its lifetime, and `markInterruptedExchanges` only marks exchanges when
/// it can take it exclusively, so starting a second `tapedeck record` never marks a live recorder's exchanges.
final class RecorderLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock (shared waits for a running exclusive holder; exclusive never waits); nil when it is
    /// unavailable or the lock file cannot be created (then callers behave as if another recorder were live).
    init?(databasePath: String, exclusive: Bool) {
        let descriptor = StoreFile.withPrivateUmask { () -> Int32 in
            open(databasePath + "-lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        }
        guard descriptor >= 0 else { return nil }
        let operation = exclusive ? (LOCK_EX | LOCK_NB) : LOCK_SH
        var result = flock(descriptor, operation)
        while result != 0 && errno == EINTR { result = flock(descriptor, operation) }
        guard result == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }
}

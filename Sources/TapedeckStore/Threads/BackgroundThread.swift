import Foundation

/// The thread that records (`ExchangeRecorder`'s, which also parses for the proxy) starts this way: named for the OS and at background priority,
/// so `top -H` and the benchmark tell them apart and they never take a core from forwarding.
public enum BackgroundThread {
    /// Starts `body` on a new thread named `name` (at most 15 bytes reach Linux) at background priority.
    public static func start(named name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            BackgroundThreadPriority.applyToCurrentThread()
            ThreadName.setCurrent(name)
            body()
        }
        thread.name = name
        thread.start()
    }
}

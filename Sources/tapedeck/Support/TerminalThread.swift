import Foundation

/// Where the interactive replayer's terminal loop runs while pages of events load behind it.
enum TerminalThread {
    /// Runs `body` on a thread of its own and waits for it. The loop blocks its thread between keys, and the
    /// pages it waits for are read by tasks on the concurrency pool, which has one thread on a one-core machine:
    /// run there, the loop would wait for pages that never get a thread.
    static func run(_ body: @escaping @Sendable () throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    try body()
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "tapedeck-tui"
            thread.start()
        }
    }
}

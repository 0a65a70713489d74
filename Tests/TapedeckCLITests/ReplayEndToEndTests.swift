import Foundation
import TapedeckTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs Tests/E2E/replay_tmux.sh: the real binary in tmux, driven by keys, checked by screen captures.
@Suite struct ReplayEndToEndTests {
    @Test(.timeLimit(.minutes(2)))
    func interactiveReplayInTmux() throws {
        let environment = ProcessInfo.processInfo.environment
        let binary = try TapedeckExecutable.url().path
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("replay-e2e-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let script = Repository.url("Tests/E2E/replay_tmux.sh").path
        let status = SignalCleanSpawn.runBlocking(
            ["/bin/bash", "-c", "exec /bin/bash \"$0\" >\"$1\" 2>&1", script, log.path],
            environment: environment.merging(["TAPEDECK_BIN": binary]) { $1 })
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(status == 0, "Tests/E2E/replay_tmux.sh failed (status \(status)):\n\(text)")
        #expect(text.contains("PASS"))
    }
}

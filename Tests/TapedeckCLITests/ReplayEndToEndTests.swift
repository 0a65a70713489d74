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
        let status = try Self.spawnAndWait(
            ["/bin/bash", "-c", "exec /bin/bash \"$0\" >\"$1\" 2>&1", script, log.path],
            environment: environment.merging(["TAPEDECK_BIN": binary]) { $1 })
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(status == 0, "Tests/E2E/replay_tmux.sh failed (status \(status)):\n\(text)")
        #expect(text.contains("PASS"))
    }

    /// posix_spawn with a clean signal mask and default handlers (the test runner blocks signals that
    /// tmux and bash rely on), then waitpid: no run loop or SIGCHLD handling involved.
    static func spawnAndWait(_ arguments: [String], environment: [String: String]) throws -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, arguments[0], nil, &attributes, argv, envp)
        guard spawned == 0 else {
            Issue.record(Comment(rawValue: "posix_spawn failed: \(String(cString: strerror(spawned)))"))
            return -1
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}

import Foundation
import Testing

/// Runs Tests/E2E/replay_tmux.sh: the real binary in tmux, driven by keys, checked by screen captures.
@Suite struct ReplayEndToEndTests {
    @Test(.timeLimit(.minutes(1)))
    func interactiveReplayInTmux() throws {
        let root = SampleSessions.repositoryRoot
        let environment = ProcessInfo.processInfo.environment
        let binary = environment["TAPEDECK_BIN"] ?? root.appendingPathComponent(".build/debug/tapedeck").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            let message = "tapedeck binary not found at \(binary): build it first (`swift build`) or set TAPEDECK_BIN"
            Issue.record(Comment(rawValue: message + " (Scripts/test.sh does both)"))
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.appendingPathComponent("Tests/E2E/replay_tmux.sh").path]
        var childEnvironment = environment
        childEnvironment["TAPEDECK_BIN"] = binary
        process.environment = childEnvironment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0, "Tests/E2E/replay_tmux.sh failed:\n\(text)")
        #expect(text.contains("PASS"))
    }
}

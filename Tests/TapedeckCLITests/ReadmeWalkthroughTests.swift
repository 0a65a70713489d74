import Foundation
import TapedeckStore
import TapedeckTestSupport
import Testing

/// The README's commands after `tapedeck demo`, run in order as written (with `TAPEDECK_DB=tapedeck-demo.sqlite`,
/// as the README says), in a directory where the demo just ran. Example ids in the README (`3f2a`, `91be`) are
/// replaced by ids from the demo's file. Commands that need a terminal or run until Ctrl-C (`record`, `serve`,
/// interactive `replay`) are listed and left to their own tests (the tmux and serve suites).
@Suite struct ReadmeWalkthroughTests {
    /// Every `tapedeck …` line of the README's sh blocks, comments and `| less` removed.
    static func readmeCommands() throws -> [String] {
        let readme = try String(
            contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        var commands: [String] = []
        var inShell = false
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                inShell = line == "```sh"
                continue
            }
            guard inShell, line.hasPrefix("tapedeck ") else { continue }
            var command = line.components(separatedBy: "  #")[0].trimmingCharacters(in: .whitespaces)
            if command.hasSuffix("| less") { command = String(command.dropLast("| less".count)) }
            commands.append(command.trimmingCharacters(in: .whitespaces))
        }
        return commands
    }

    /// Runs until stopped or needs a terminal: not part of a batch walkthrough.
    static func isInteractive(_ command: String) -> Bool {
        command.hasPrefix("tapedeck record") || command.hasPrefix("tapedeck serve")
            || (command.hasPrefix("tapedeck replay") && !command.contains("--snapshot") && !command.contains("--plain"))
    }

    @Test func theReadmeCommandsWorkAsWrittenAfterTheDemo() throws {
        let dir = try makeTemporaryDirectory("tapedeck-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = Repository.root
        try FileManager.default.createSymbolicLink(
            at: dir.appendingPathComponent("Samples"), withDestinationURL: root.appendingPathComponent("Samples"))
        try FileManager.default.copyItem(
            at: root.appendingPathComponent("Tests/StoreFixtures/v1.sqlite"),
            to: dir.appendingPathComponent("old.sqlite"))

        let demo = try TapedeckExecutable.run(["demo"], directory: dir)
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("--db tapedeck-demo.sqlite"))
        let environment = ["TAPEDECK_DB": "tapedeck-demo.sqlite"]

        let store = try TapedeckStore(path: dir.appendingPathComponent("tapedeck-demo.sqlite").path, readOnly: true)
        let failing = try #require(try store.exchanges().first { $0.outcome == .errorEvent && $0.sessionID != nil })
        let session = try #require(failing.sessionID)
        // The README's `import capture.har …` imports a HAR someone saved; make one from the demo.
        let har = try TapedeckExecutable.run(
            ["export", failing.id, "--format", "har", "-o", "capture.har"], environment: environment, directory: dir)
        #expect(har.status == 0, "\(har.stderr)")

        let commands = try Self.readmeCommands()
        #expect(commands.count >= 20, "README commands: \(commands)")
        var ran: [String] = []
        for command in commands where !Self.isInteractive(command) {
            let written = command.replacingOccurrences(of: "3f2a", with: String(failing.id.prefix(6)))
                .replacingOccurrences(of: "91be", with: String(session.prefix(6)))
            let arguments = written.split(separator: " ").dropFirst().map(String.init)
            let run = try TapedeckExecutable.run(arguments, environment: environment, directory: dir)
            #expect(run.status == 0, "`\(command)` exited \(run.status): \(run.stderr)")
            #expect(!run.stdout.isEmpty || arguments.contains("-o"), "`\(command)` printed nothing")
            #expect(!run.stdout.contains("No recordings"), "`\(command)` read the wrong file: \(run.stdout)")
            ran.append(command)
        }
        // Reading, exporting, importing and inspecting are all covered.
        for verb in ["ls", "show", "stats", "regroup", "replay", "export", "import", "inspect"] {
            #expect(ran.contains { $0.hasPrefix("tapedeck \(verb) ") }, "no README command ran for \(verb)")
        }
        for file in ["transcript.md", "errors.jsonl"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(file).path))
        }

        // Read by a person at 80 columns, the lists fit without wrapping.
        for arguments in [["ls"], ["ls", "--exchanges"]] {
            let narrow = try TapedeckExecutable.run(
                arguments, environment: environment.merging(["COLUMNS": "80"]) { $1 }, directory: dir)
            #expect(narrow.status == 0)
            let widest = narrow.stdout.split(separator: "\n").map(\.count).max() ?? 0
            #expect(widest <= 80, "\(arguments) is \(widest) columns wide at COLUMNS=80:\n\(narrow.stdout)")
            #expect(narrow.stdout.contains("OUTCOME"))
        }
    }
}

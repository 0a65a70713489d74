import Foundation
import TapedeckTestSupport
import Testing

/// Wrong arguments and bad files get one clear sentence and a non-zero exit, and change nothing.
@Suite struct ArgumentErrorTests {
    /// Runs `tapedeck ARGS` and returns (status, stderr).
    private func fails(_ arguments: [String]) throws -> (Int32, String) {
        let run = try TapedeckExecutable.run(arguments)
        return (run.status, run.stderr)
    }

    @Test func badSinceExplainsTheFormat() throws {
        let (status, stderr) = try fails(["ls", "--since", "yesterday"])
        #expect(status != 0)
        #expect(stderr.contains("90s") && stderr.contains("2h"))
    }

    @Test func nonLoopbackListenNeedsAllowRemote() throws {
        let (status, stderr) = try fails(["record", "--listen", "0.0.0.0:9", "--db", "/nonexistent/x.sqlite"])
        #expect(status != 0)
        #expect(stderr.contains("--allow-remote"))
    }

    @Test func unknownExportFormatListsTheFormats() throws {
        let (status, stderr) = try fails(["export", "latest", "--format", "pdf"])
        #expect(status != 0)
        #expect(stderr.contains("jsonl") && stderr.contains("har"))
    }

    @Test func missingDatabaseSaysHowToRecordWithoutCreatingIt() throws {
        let dir = try makeTemporaryDirectory("tapedeck-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("none.sqlite").path
        let (status, stderr) = try fails(["show", "latest", "--db", path])
        #expect(status != 0)
        #expect(stderr.contains(path))
        #expect(stderr.contains("tapedeck record") || stderr.contains("tapedeck demo"))
        #expect(!stderr.contains("USAGE") && !stderr.contains("Usage:"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func foreignFileIsRefusedAndLeftAlone() throws {
        let dir = try makeTemporaryDirectory("tapedeck-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("notes.sqlite").path
        let original = Data("garbage, not sqlite".utf8)
        try original.write(to: URL(fileURLWithPath: path))
        for command in [["ls"], ["show", "latest"], ["stats"], ["import", "/dev/null"]] {
            let (status, stderr) = try fails(command + ["--db", path])
            #expect(status != 0, "\(command)")
            #expect(stderr.contains(path), "\(command): \(stderr)")
        }
        #expect(FileManager.default.contents(atPath: path) == original)
    }

    @Test func missingInspectFileNamesThePath() throws {
        let (status, stderr) = try fails(["inspect", "/nonexistent/stream.sse"])
        #expect(status != 0)
        #expect(stderr.contains("/nonexistent/stream.sse"))
    }

    @Test func replayWithoutATerminalSaysWhichModeToUse() throws {
        let samples = Repository.samples.appendingPathComponent("text_basic.sse").path
        let (status, stderr) = try fails(["replay", "--file", samples])
        #expect(status != 0)
        #expect(stderr.contains("--plain") && stderr.contains("--snapshot"))
    }
}

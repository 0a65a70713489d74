import Foundation
import Testing

/// A negative `--at`/`--turn` is refused with what is wrong, not ArgumentParser's "Missing value".
extension CLIProcessTests {
    @Test(
        "replay --at -5 and --turn -1 say what is wrong",
        arguments: [
            (["--at", "-5"], "--at must be 0 or more (got -5)"),
            (["--turn", "-1"], "--turn must be 1 or more (got -1)"),
        ])
    func negativeReplayPositions(_ arguments: [String], _ expected: String) throws {
        let directory = try SampleExchanges.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try run(["replay", "latest", "--snapshot"] + arguments, in: directory)
        #expect(result.status != 0)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(!result.stderr.contains("Missing value"))
    }
}

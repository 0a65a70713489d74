import Foundation

/// `tapedeck record` started as a user starts it, with the port its banner names, for tests that drive a real
/// client through the real process.
public struct RecordProcess: Sendable {
    /// The running process (signal it to stop; its stderr lines go on after the banner).
    public let child: ChildProcess
    /// The loopback port the proxy listens on.
    public let port: Int

    /// Starts `record` on a free loopback port in front of `upstreamPort`, recording into `database`; waits for
    /// the banner and fails with what stderr said when none comes.
    public static func start(
        upstreamPort: Int, database: String, extraArguments: [String] = [], environment: [String: String] = [:]
    ) async throws -> RecordProcess {
        let child = try ChildProcess(
            TapedeckExecutable.url(),
            ["record", "--listen", "127.0.0.1:0", "--upstream", "http://127.0.0.1:\(upstreamPort)", "--db", database]
                + extraArguments,
            environment: environment)
        var said: [String] = []
        for await line in child.stderrLines {
            if let range = line.range(of: "recording on http://127.0.0.1:"),
                let port = Int(line[range.upperBound...].prefix { $0.isNumber })
            {
                return RecordProcess(child: child, port: port)
            }
            said.append(line)
        }
        throw TestSupportError("tapedeck record printed no banner; stderr: \(said.joined(separator: "\n"))")
    }
}

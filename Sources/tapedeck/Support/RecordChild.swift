import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The command given after `--`: run with ANTHROPIC_BASE_URL pointing at the proxy, its stdio passed
/// through, so `tapedeck record -- python app.py` records exactly that program's traffic.
final class RecordChild: @unchecked Sendable {
    private let process = Process()

    /// Starts `arguments` (looked up on PATH) with `environment` added to ours.
    init(arguments: [String], environment extra: [String: String]) throws {
        guard let executable = arguments.first else {
            throw RecordChildError(message: "no command given after --")
        }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["--"] + [executable] + arguments.dropFirst()
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
    }

    /// Runs the command and returns its exit status (128 + signal number when a signal ended it).
    func run() async throws -> Int32 {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
            process.terminationHandler = { process in
                switch process.terminationReason {
                case .exit: continuation.resume(returning: process.terminationStatus)
                case .uncaughtSignal: continuation.resume(returning: 128 + process.terminationStatus)
                @unknown default: continuation.resume(returning: process.terminationStatus)
                }
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: RecordChildError(message: "cannot start the command: \(error)"))
            }
        }
    }

    /// Passes a signal on to the command.
    func forward(_ signalNumber: Int32) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, signalNumber)
    }
}

/// Why the command after `--` could not run.
struct RecordChildError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

import Foundation

/// Runs a program to completion with its output captured: the one way tests start the binary, Python and Chromium.
///
/// Both pipes are drained on their own threads while the process runs, so a chatty child never blocks on a full
/// pipe, and the async form waits without holding a thread of the cooperative pool.
public enum ProcessRunner {
    /// Runs `executable` and waits for it; `environment` adds to (or, with `inheritEnvironment: false`, replaces)
    /// the test's environment; `input` is written to stdin (closed when nil).
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String] = [:],
        inheritEnvironment: Bool = true, directory: URL? = nil, input: Data? = nil
    ) throws -> ProcessOutput {
        let running = try RunningProcess(
            executable, arguments, environment: environment, inheritEnvironment: inheritEnvironment,
            directory: directory, input: input)
        running.process.waitUntilExit()
        return running.output()
    }

    /// The same, awaited without blocking the cooperative thread pool.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String] = [:],
        inheritEnvironment: Bool = true, directory: URL? = nil, input: Data? = nil
    ) async throws -> ProcessOutput {
        let running = try RunningProcess(
            executable, arguments, environment: environment, inheritEnvironment: inheritEnvironment,
            directory: directory, input: input)
        await running.exited()
        return running.output()
    }

    /// Runs a program found on PATH (`python3`, `chromium`) by name.
    public static func run(
        command: String, _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil,
        input: Data? = nil
    ) throws -> ProcessOutput {
        try run(
            URL(fileURLWithPath: "/usr/bin/env"), [command] + arguments, environment: environment,
            directory: directory, input: input)
    }
}

/// A started process whose stdout and stderr are being read to their ends.
private final class RunningProcess {
    let process: Process
    private let stdout: PipeDrain
    private let stderr: PipeDrain
    private let exit: AsyncStream<Void>

    init(
        _ executable: URL, _ arguments: [String], environment: [String: String], inheritEnvironment: Bool,
        directory: URL?, input: Data?
    ) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var merged = inheritEnvironment ? ProcessInfo.processInfo.environment : [:]
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let inputPipe = input.map { _ in Pipe() }
        process.standardInput = inputPipe ?? FileHandle.nullDevice
        let (exit, exitContinuation) = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in exitContinuation.finish() }
        try process.run()
        self.process = process
        self.exit = exit
        stdout = PipeDrain(out.fileHandleForReading)
        stderr = PipeDrain(err.fileHandleForReading)
        if let inputPipe, let input {
            let handle = inputPipe.fileHandleForWriting
            Thread.detachNewThread {
                handle.write(input)
                try? handle.close()
            }
        }
    }

    func exited() async {
        for await _ in exit {}
    }

    func output() -> ProcessOutput {
        ProcessOutput(
            status: process.terminationStatus, stdoutData: stdout.wait(), stderrData: stderr.wait(),
            terminatedBySignal: process.terminationReason == .uncaughtSignal)
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child process for tests, read and awaited on its own threads so the cooperative pool never blocks.
final class ChildProcess: @unchecked Sendable {
    let process = Process()
    private let errorPipe = Pipe()
    private let outputPipe = Pipe()
    /// stderr lines as they arrive.
    let stderrLines: AsyncStream<String>
    private let stderrContinuation: AsyncStream<String>.Continuation
    private let exit: AsyncStream<Int32>
    private var collectedOutput = Data()
    private let outputDone: AsyncStream<Void>
    private let lock = NSLock()

    init(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardError = errorPipe
        process.standardOutput = outputPipe
        process.standardInput = FileHandle.nullDevice
        (stderrLines, stderrContinuation) = AsyncStream<String>.makeStream()
        let (exit, exitContinuation) = AsyncStream<Int32>.makeStream()
        self.exit = exit
        let (outputDone, outputDoneContinuation) = AsyncStream<Void>.makeStream()
        self.outputDone = outputDone
        process.terminationHandler = { process in
            exitContinuation.yield(process.terminationStatus)
            exitContinuation.finish()
        }
        try process.run()
        let errorHandle = errorPipe.fileHandleForReading
        let continuation = stderrContinuation
        Thread.detachNewThread {
            var pending = Data()
            while true {
                let chunk = errorHandle.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 0x0a) {
                    continuation.yield(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending.removeSubrange(pending.startIndex...newline)
                }
            }
            continuation.finish()
        }
        let outputHandle = outputPipe.fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let chunk = outputHandle.availableData
                if chunk.isEmpty { break }
                lock.lock()
                collectedOutput.append(chunk)
                lock.unlock()
            }
            outputDoneContinuation.finish()
        }
    }

    /// Sends a signal.
    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the exit status.
    func waitForExit() async -> Int32 {
        for await status in exit { return status }
        return process.terminationStatus
    }

    /// stdout so far.
    var output: Data {
        lock.lock()
        defer { lock.unlock() }
        return collectedOutput
    }

    /// Runs to completion and returns the status and stdout.
    static func run(_ executable: URL, _ arguments: [String]) async throws -> (Int32, Data) {
        let child = try ChildProcess(executable, arguments)
        let status = await child.waitForExit()
        // Let the reader threads drain the pipes after exit.
        for await _ in child.stderrLines {}
        for await _ in child.outputDone {}
        return (status, child.output)
    }
}

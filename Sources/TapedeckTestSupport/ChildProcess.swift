import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A long-running child process (`record`, `serve`) that a test talks to while it runs, read and awaited on its own threads so the cooperative pool never blocks.
public final class ChildProcess: @unchecked Sendable {
    public let process = Process()
    private let errorPipe = Pipe()
    private let outputPipe = Pipe()
    /// stderr lines as they arrive.
    public let stderrLines: AsyncStream<String>
    private let stderrContinuation: AsyncStream<String>.Continuation
    private let exit: AsyncStream<Int32>
    private var collectedOutput = Data()
    private let outputDone: AsyncStream<Void>
    private let lock = NSLock()

    public init(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws {
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
    public func signal(_ number: Int32) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, number)
    }

    /// Waits for the exit status.
    public func waitForExit() async -> Int32 {
        for await status in exit { return status }
        return process.terminationStatus
    }

    /// stdout so far.
    public var output: Data {
        lock.lock()
        defer { lock.unlock() }
        return collectedOutput
    }

    /// Waits for the first stderr line that matches (a banner, an error); nil when stderr ends first.
    public func firstStderrLine(where predicate: (String) -> Bool) async -> String? {
        for await line in stderrLines where predicate(line) { return line }
        return nil
    }
}

import Foundation
import Testing

/// Runs the built `tapedeck` executable the way a user does, capturing its output.
enum TapedeckBinary {
    /// The package root (Samples/, README.md).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `$TAPEDECK_BIN` (Scripts/test.sh sets it), else `.build/debug/tapedeck` under the package root.
    static var path: String? {
        if let path = ProcessInfo.processInfo.environment["TAPEDECK_BIN"], !path.isEmpty { return path }
        let fallback = repositoryRoot.appendingPathComponent(".build/debug/tapedeck").path
        return FileManager.default.isExecutableFile(atPath: fallback) ? fallback : nil
    }

    /// What a finished run printed and how it exited.
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `tapedeck ARGS` to completion with stdin closed, in `directory` when given.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil
    ) throws -> Run {
        guard let path else {
            Issue.record("no tapedeck binary: run `swift build` or set TAPEDECK_BIN (Scripts/test.sh does)")
            return Run(status: -1, stdout: "", stderr: "")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes before waiting so a chatty process cannot block on a full pipe.
        let errData = ReadAll(err.fileHandleForReading)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.wait(), as: UTF8.self))
    }

    /// A fresh directory for one test's files.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tapedeck-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Drains a pipe on a background thread.
final class ReadAll: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

import Foundation

/// Runs Tests/Interop scripts with the project's `.venv` (the official anthropic SDK).
enum PythonSDK {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let python = Fixtures.root.appendingPathComponent(".venv/bin/python")

    /// Fails with a clear instruction when the venv is missing.
    static func requireVenv() throws {
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw Failure(
                description:
                    "\(python.path) is missing: run Scripts/bootstrap.sh to create .venv with the anthropic SDK")
        }
    }

    /// Runs `script` with `arguments`; returns stdout, or throws with stderr when it exits non-zero.
    static func run(script: String, arguments: [String]) async throws -> String {
        try requireVenv()
        let process = Process()
        process.executableURL = python
        process.arguments = [Fixtures.root.appendingPathComponent(script).path] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read both pipes to EOF on their own threads (never on the concurrency pool).
        async let stdout = readToEnd(output.fileHandleForReading)
        async let stderr = readToEnd(errors.fileHandleForReading)
        let (out, err) = await (stdout, stderr)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(
                description:
                    "\(script) exited with \(process.terminationStatus): \(String(decoding: err, as: UTF8.self))")
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: handle.readDataToEndOfFile()) }.start()
        }
    }
}

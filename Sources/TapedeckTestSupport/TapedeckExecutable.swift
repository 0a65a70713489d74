import Foundation

/// The `tapedeck` binary under test: one rule for every test that runs it as a user would, so none skips silently.
public enum TapedeckExecutable {
    /// `$TAPEDECK_BIN` when set (Scripts/test.sh sets it), else the `tapedeck` that `swift build --build-tests` or
    /// `swift test` built beside the running test bundle; otherwise an error that says how to build it.
    public static func url() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["TAPEDECK_BIN"], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw TestSupportError("TAPEDECK_BIN=\(path) is not an executable: run `swift build` first")
            }
            return URL(fileURLWithPath: path)
        }
        for directory in buildDirectories() {
            let candidate = directory.appendingPathComponent("tapedeck")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw TestSupportError(
            "no tapedeck binary beside the test bundle: run `swift build --build-tests` (Scripts/test.sh does) "
                + "or set TAPEDECK_BIN=$(swift build --show-bin-path)/tapedeck")
    }

    /// The build products directory of the running tests: the one holding the `.xctest` bundle.
    private static func buildDirectories() -> [URL] {
        var directories: [URL] = []
        for argument in ProcessInfo.processInfo.arguments {
            guard let range = argument.range(of: ".xctest") else { continue }
            let bundle = URL(fileURLWithPath: String(argument[..<range.upperBound]))
            directories.append(bundle.deletingLastPathComponent())
        }
        if let executable = Bundle.main.executableURL {
            directories.append(executable.deletingLastPathComponent())
        }
        return directories
    }
}

extension TapedeckExecutable {
    /// Runs `tapedeck ARGS` to completion as a user would, stdin closed unless `input` is given.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil, input: Data? = nil
    ) throws -> ProcessOutput {
        try ProcessRunner.run(url(), arguments, environment: environment, directory: directory, input: input)
    }

    /// The same, awaited without blocking the cooperative thread pool.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil, input: Data? = nil
    ) async throws -> ProcessOutput {
        try await ProcessRunner.run(url(), arguments, environment: environment, directory: directory, input: input)
    }
}

import Foundation

/// The project's `.venv` with the official anthropic SDK (Scripts/bootstrap.sh makes it): the reference client.
public enum PythonVenv {
    /// The venv's interpreter.
    public static let python = Repository.url(".venv/bin/python")

    /// The interpreter, or an error that says how to create the venv.
    public static func interpreter() throws -> URL {
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw TestSupportError("\(python.path) is missing: run Scripts/bootstrap.sh to create .venv with the SDK")
        }
        return python
    }

    /// Runs a script under Tests/ (a path relative to the package root) with the venv's Python.
    public static func run(script: String, _ arguments: [String], environment: [String: String] = [:])
        async throws -> ProcessOutput
    {
        try await ProcessRunner.run(
            interpreter(), [Repository.url(script).path] + arguments, environment: environment)
    }
}

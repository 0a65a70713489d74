/// Why a file could not be imported: always names the file and the problem, so a user with many
/// files knows which one to fix and how.
public struct ImportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// What is wrong, e.g. "line 3: not JSON (invalid JSON at byte 7: …)".
    public var problem: String

    /// Creates an error for `file`.
    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    /// "FILE: PROBLEM".
    public var description: String { "\(file): \(problem)" }
}

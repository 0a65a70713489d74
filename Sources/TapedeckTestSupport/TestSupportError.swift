/// A test's precondition that is missing (no binary, no venv), with what to run to get it.
public struct TestSupportError: Error, CustomStringConvertible {
    /// The message a person reads in the test output.
    public let description: String

    /// An error with its message.
    public init(_ description: String) {
        self.description = description
    }
}

/// A command that cannot go on for a reason other than its arguments (a missing or foreign
/// database, an unknown exchange id, a port in use): printed as one sentence that says what to do,
/// without the usage text that `ValidationError` adds.
struct CommandFailure: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    var description: String

    init(_ description: String) { self.description = description }
}

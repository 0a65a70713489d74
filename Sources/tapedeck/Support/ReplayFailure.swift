/// A replay that cannot go on, with a sentence that says what to do; printed without the usage text.
struct ReplayFailure: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    var description: String

    init(_ description: String) { self.description = description }
}

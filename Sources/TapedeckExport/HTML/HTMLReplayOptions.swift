/// What goes into an HTML replay besides the responses.
public struct HTMLReplayOptions: Sendable, Hashable {
    /// Whether the prompts go in: each turn's new messages, system prompts and tool definitions
    /// (`--no-request-bodies` sets it false; the turn list then names a user message without quoting it).
    public var includesRequestBodies: Bool

    /// Creates options; prompts are included unless asked otherwise.
    public init(includesRequestBodies: Bool = true) {
        self.includesRequestBodies = includesRequestBodies
    }
}

/// One row of `sessions`: the identity of an agent run or conversation; its figures come from its exchanges.
public struct SessionSummary: Sendable, Hashable {
    /// Short unique id (lowercase hex, like exchange ids); a unique prefix is accepted by the CLI.
    public var id: String
    /// The explicit key it was grouped by ("claude-code:<uuid>", "record:<name>", "run:<id>"), nil when inferred.
    public var key: String?
    /// The rule that grouped it.
    public var grouping: SessionGrouping
    /// The client, as its first request named itself ("Claude Code 2.1.86", "anthropic-python 2.14.0").
    public var client: String?
    /// Wall-clock start of its first exchange, ns since the epoch.
    public var startedAtNanos: Int64
    /// Wall-clock start of its latest exchange, ns since the epoch.
    public var lastAtNanos: Int64

    /// Creates a summary.
    public init(
        id: String, key: String? = nil, grouping: SessionGrouping, client: String? = nil, startedAtNanos: Int64,
        lastAtNanos: Int64? = nil
    ) {
        self.id = id
        self.key = key
        self.grouping = grouping
        self.client = client
        self.startedAtNanos = startedAtNanos
        self.lastAtNanos = lastAtNanos ?? startedAtNanos
    }
}

/// What `prune` removed.
public struct PruneResult: Sendable, Hashable {
    /// Exchanges deleted (their events with them).
    public var exchanges: Int
    /// Sessions deleted because no exchange was left in them.
    public var sessions: Int
    /// Whole day partitions of `events` dropped (PostgreSQL; always 0 on SQLite).
    public var droppedPartitions: Int

    /// A result.
    public init(exchanges: Int, sessions: Int, droppedPartitions: Int = 0) {
        self.exchanges = exchanges
        self.sessions = sessions
        self.droppedPartitions = droppedPartitions
    }
}

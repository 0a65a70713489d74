/// What a `ExchangeRecorder` has done so far: shown by `record` on exit so no loss goes unnoticed.
public struct RecorderStatistics: Sendable, Hashable {
    /// Events stored.
    public var writtenEvents = 0
    /// Events not stored (queue over its cap, write failures, or appended after `close`).
    public var droppedEvents = 0
    /// Transactions (batches) committed.
    public var batches = 0
    /// Operations or transactions that failed.
    public var writeErrors = 0
    /// The last failure, for the user.
    public var lastError: String?

    /// Empty statistics.
    public init() {}
}

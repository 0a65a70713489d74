extension SessionRecorder {
    /// Limits and timings of the batched writer.
    public struct Configuration: Sendable, Hashable {
        /// Events that may wait in memory; beyond this, appends are dropped and counted in `droppedEvents`.
        public var maxQueuedEvents: Int
        /// Longest time an operation waits in the queue before its batch is written (at most 50 ms).
        public var maxBatchDelay: Duration
        /// A batch is written at once when this many events are waiting.
        public var batchEventThreshold: Int
        /// How far back a failed session with the same request counts as the one being retried.
        public var retryWindow: Duration

        /// Defaults: 1M queued events, batches every 20 ms or 8192 events, 10-minute retry window.
        public init(
            maxQueuedEvents: Int = 1_000_000, maxBatchDelay: Duration = .milliseconds(20),
            batchEventThreshold: Int = 8192, retryWindow: Duration = .seconds(600)
        ) {
            self.maxQueuedEvents = maxQueuedEvents
            self.maxBatchDelay = min(maxBatchDelay, .milliseconds(50))
            self.batchEventThreshold = max(1, batchEventThreshold)
            self.retryWindow = retryWindow
        }
    }
}

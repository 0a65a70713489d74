import TapedeckCore

extension ExchangeRecorder {
    /// Limits and timings of the batched writer.
    public struct Configuration: Sendable, Hashable {
        /// Events that may wait in memory; beyond this, appends are dropped and counted in `droppedEvents`.
        public var maxQueuedEvents: Int
        /// Bytes of events (data and raw bytes) that may wait in memory; beyond this, appends are dropped and
        /// counted in `droppedEvents`. Unbounded by default (a writer fed faster than the disk keeps everything,
        /// as `tapedeck-bench ingest` measures); `record --max-queue-bytes` sets it.
        public var maxQueuedBytes: Int
        /// The recorder's pass window (at most 50 ms): its thread starts at most one pass (one wake-up, one
        /// transaction) per window, and an operation waits at most about this long before it is written. A capture
        /// feeder (`StoreCaptureRecorder`) sets its own flush window instead.
        public var maxBatchDelay: Duration
        /// A batch is written at once when this many events are waiting.
        public var batchEventThreshold: Int
        /// A backlog is written in transactions of at most this many events.
        public var maxTransactionEvents: Int
        /// How far back a failed exchange with the same request counts as the one being retried.
        public var retryWindow: Duration
        /// The session of every exchange that carries no session id of its own: `record --session NAME`, or one
        /// run of `record -- COMMAND`; nil groups such exchanges by their conversations.
        public var sessionKey: SessionKey?
        /// Whether exchanges are grouped into sessions as they are recorded. Off only to measure what grouping
        /// costs (`tapedeck-bench grouping`): the exchanges then have no session until `regroup`.
        public var groupsSessions: Bool
        /// When the database keeps refusing a batch (locked, full, gone), a running recorder retries it with
        /// backoff for as long as it runs; a closing one gives up after this long and counts what is lost.
        public var closeRetryWindow: Duration

        /// Defaults: 1M queued events, a pass at most every 20 ms (at once when 8192 events wait), ≤ 50k events per transaction,
        /// 10-minute retry window.
        public init(
            maxQueuedEvents: Int = 1_000_000, maxBatchDelay: Duration = .milliseconds(20),
            batchEventThreshold: Int = 8192, maxTransactionEvents: Int = 50_000, retryWindow: Duration = .seconds(600),
            sessionKey: SessionKey? = nil, groupsSessions: Bool = true, closeRetryWindow: Duration = .seconds(10),
            maxQueuedBytes: Int = .max
        ) {
            self.maxQueuedEvents = maxQueuedEvents
            self.maxQueuedBytes = max(1, maxQueuedBytes)
            self.maxBatchDelay = min(maxBatchDelay, .milliseconds(50))
            self.batchEventThreshold = max(1, batchEventThreshold)
            self.maxTransactionEvents = max(1, maxTransactionEvents)
            self.retryWindow = retryWindow
            self.sessionKey = sessionKey
            self.groupsSessions = groupsSessions
            self.closeRetryWindow = closeRetryWindow
        }
    }
}

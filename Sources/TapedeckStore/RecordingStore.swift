import TapedeckCore

/// Where recordings live, whichever database holds them (an SQLite file, a PostgreSQL server): everything the
/// commands, the importers and the proxy ask of a store, so nothing above the store knows which one it talks to.
public protocol RecordingStore: Sendable {
    /// What messages call this store: the file path, or the server URL without its password.
    var location: String { get }
    /// Whether this store refuses writes.
    var isReadOnly: Bool { get }

    /// Exchanges matching `filter`, newest first unless the filter says otherwise.
    func exchanges(_ filter: ExchangeFilter) async throws(StoreError) -> [ExchangeSummary]
    /// How many exchanges match `filter` (ignoring its limit).
    func exchangeCount(_ filter: ExchangeFilter) async throws(StoreError) -> Int
    /// How many events are stored in all exchanges together.
    func totalEventCount() async throws(StoreError) -> Int
    /// The exchange with exactly this id, or nil.
    func exchange(id: String) async throws(StoreError) -> ExchangeSummary?
    /// The exchange a user means by `reference`: "latest", a full id, or a unique id prefix.
    func resolve(_ reference: String) async throws(StoreError) -> ExchangeSummary
    /// The whole recording of exchange `id`: summary, events in order, trailing fragment.
    func loadExchange(id: String) async throws(StoreError) -> RecordedExchange
    /// The events of exchange `exchangeID` in sequence order (empty when it has none or does not exist).
    func events(exchangeID: String) async throws(StoreError) -> [RecordedEvent]
    /// Exchange `id`'s row without its events (summary and trailing fragment, `events` empty): a reader that
    /// shows a long exchange before it is all read starts here and reads the events in pages.
    func loadExchangeWithoutEvents(id: String) async throws(StoreError) -> RecordedExchange
    /// One page of exchange `exchangeID`'s events: at most `limit` of those with sequence number `sequence` or
    /// more, in sequence order. A page shorter than `limit` is the last; the next starts after the last sequence.
    func events(exchangeID: String, fromSequence sequence: Int, limit: Int) async throws(StoreError)
        -> [RecordedEvent]
    /// Every attempt of the retry chain `id` belongs to, first attempt first.
    func retryChain(of id: String) async throws(StoreError) -> [ExchangeSummary]

    /// Sessions holding an exchange that matches `filter`, with the figures of all their exchanges.
    func sessions(_ filter: ExchangeFilter) async throws(StoreError) -> [SessionListing]
    /// How many sessions hold an exchange matching `filter` (ignoring its limit).
    func sessionCount(_ filter: ExchangeFilter) async throws(StoreError) -> Int
    /// The session with exactly this id, or nil.
    func session(id: String) async throws(StoreError) -> SessionListing?
    /// The whole of session `id`; with `requestBodiesOnDemand` request bodies are read when a turn shows them.
    func loadSession(id: String, requestBodiesOnDemand: Bool) async throws(StoreError) -> RecordedSession
    /// What `reference` names: "latest", a session id or prefix, or an exchange id or prefix.
    func resolveRecording(_ reference: String) async throws(StoreError) -> RecordingReference

    /// Stores several exchanges at once (one imported file): all of them or none.
    func insert(_ exchanges: [RecordedExchange]) async throws(StoreError)
    /// Stores a whole session as it is (its row, its exchanges' session, thread and turn kept): all or nothing.
    func insert(session: RecordedSession) async throws(StoreError)
    /// Carries on an exchange stored unfinished with the rest of its recording made elsewhere (a spool): adds the
    /// events it lacks, by sequence number, and takes the later row, in one transaction. Returns the events
    /// added, or nil (nothing changed) when the stored exchange is not one this continues.
    func continueRecording(_ exchange: RecordedExchange) async throws(StoreError) -> Int?
    /// Deletes exchange `id` and its events; returns whether it existed.
    @discardableResult func delete(id: String) async throws(StoreError) -> Bool
    /// Recomputes every session from the exchanges; returns how many sessions there are now.
    @discardableResult func regroup() async throws(StoreError) -> Int
    /// Marks exchanges left `in_progress` by a recorder that stopped as `interrupted`; returns how many.
    @discardableResult func markInterruptedExchanges() async throws(StoreError) -> Int
    /// Deletes every exchange that started before `cutoffNanos` (with its events, and sessions left empty).
    func prune(olderThanNanos cutoffNanos: Int64) async throws(StoreError) -> PruneResult
    /// Marks this store as made by `tapedeck demo` (a later demo may then start it afresh).
    func markAsDemoFile() async throws(StoreError)
    /// Whether `tapedeck demo` made this store.
    func isDemoFile() async throws(StoreError) -> Bool

    /// A batched writer for live capture into this store; `onNotice` hears at once about trouble worth telling.
    func makeRecorder(configuration: ExchangeRecorder.Configuration, onNotice: (@Sendable (String) -> Void)?)
        -> ExchangeRecorder
    /// Releases the connections; later calls fail.
    func close() async throws(StoreError)
}

extension RecordingStore {
    /// A batched writer with the default limits.
    public func makeRecorder() -> ExchangeRecorder { makeRecorder(configuration: .init(), onNotice: nil) }
}

extension TapedeckStore: RecordingStore {
    /// The file path.
    public var location: String { path }
}

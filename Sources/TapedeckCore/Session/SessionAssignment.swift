/// Where one exchange belongs: its session, its thread in that session, and its turn in that thread.
public struct SessionAssignment: Sendable, Hashable {
    /// The session's id.
    public var sessionID: String
    /// Whether this exchange starts the session (the caller creates its row).
    public var isNewSession: Bool
    /// How the session was recognised.
    public var grouping: SessionGrouping
    /// The explicit key of the session, when it has one.
    public var key: SessionKey?
    /// The thread: the id of the exchange that started it.
    public var threadID: String
    /// 1-based position in the thread; a retry has the turn of the attempt it repeats.
    public var turn: Int
    /// The exchange whose conversation (request plus answer) this request continues, if any.
    public var continues: String?

    /// Creates an assignment.
    public init(
        sessionID: String, isNewSession: Bool, grouping: SessionGrouping, key: SessionKey?, threadID: String,
        turn: Int, continues: String?
    ) {
        self.sessionID = sessionID
        self.isNewSession = isNewSession
        self.grouping = grouping
        self.key = key
        self.threadID = threadID
        self.turn = turn
        self.continues = continues
    }
}

/// What the grouping rules need to know of a new exchange.
public struct GroupingRequest: Sendable {
    /// The exchange's id.
    public var exchangeID: String
    /// Its wall-clock start (ns since the epoch): the index forgets exchanges older than its window.
    public var startedAtNanos: Int64
    /// Its message list's prefix digests, nil for a request without messages.
    public var conversation: RequestConversation?
    /// An explicit key: carried by the request (rules 1 and 2) or given to the recorder (rule 3).
    public var key: SessionKey?
    /// The session already stored under `key`, when the caller knows one the index does not.
    public var storedSessionForKey: String?
    /// The failed attempt this request repeats (retry chains), if any.
    public var retryOf: String?

    /// Creates a request.
    public init(
        exchangeID: String, startedAtNanos: Int64, conversation: RequestConversation?, key: SessionKey? = nil,
        storedSessionForKey: String? = nil, retryOf: String? = nil
    ) {
        self.exchangeID = exchangeID
        self.startedAtNanos = startedAtNanos
        self.conversation = conversation
        self.key = key
        self.storedSessionForKey = storedSessionForKey
        self.retryOf = retryOf
    }
}

import TapedeckCore

/// Everything the replay page plays, written into it as one JSON object: the turns (one for an exchange), the
/// session's id, the system prompts and tool lists shared by turns.
struct ReplayPageData: Encodable {
    /// "exchange" or "session".
    var kind: String
    /// The session id (sessions only).
    var session: String?
    /// One per exchange, in start order.
    var turns: [ReplayTurnData]
    /// Distinct system-prompt-and-tools item lists, referenced by `ReplayTurnData.context`.
    var contexts: [[PaneItem]]

    /// The data of one exchange on its own.
    init(exchange: RecordedExchange, options: HTMLReplayOptions) {
        kind = "exchange"
        session = nil
        var contexts = ContextTable()
        let turn = SessionTurns.build([exchange])[0]
        turns = [ReplayTurnData(exchange: exchange, turn: turn, index: 0, options: options, contexts: &contexts)]
        self.contexts = contexts.lists
    }

    /// The data of a whole session, turn by turn (the session view's order: `session.exchanges[index]` is turn
    /// `index`).
    init(session recorded: RecordedSession, options: HTMLReplayOptions) {
        kind = "session"
        session = recorded.summary.id
        var contexts = ContextTable()
        turns = zip(recorded.exchanges, recorded.turns).enumerated().map { index, pair in
            ReplayTurnData(exchange: pair.0, turn: pair.1, index: index, options: options, contexts: &contexts)
        }
        self.contexts = contexts.lists
    }
}

/// One turn: its exchange's replay data, its row in the turn list, the wait before it, what it asked.
struct ReplayTurnData: Encodable {
    var exchange: ReplayExchangeData
    /// "T3", "T2#2", "2·T1".
    var label: String
    /// What the request sent that was new, in a few words (no prompt text without request bodies).
    var input: String
    /// `ok`, `529`, `cut`…
    var code: String
    /// How the row is drawn: failed (x), a retry (w), a side thread (d), else plain (p).
    var rowStyle: String
    /// Nanoseconds from the end of the previous exchange to this request (nil for the first).
    var gap: Int64?
    /// The session's own anomalies of this turn (a retry at its start, a failure with no trace in the stream).
    var turnAnomalies: [ReplayExchangeData.Anomaly]
    /// The Request pane's new input, nil when request bodies were left out.
    var request: [PaneItem]?
    /// Index of its system prompt and tools in `ReplayPageData.contexts`.
    var context: Int?
    /// "s: system prompt (N characters) and M tools".
    var contextHint: String?

    init(
        exchange recorded: RecordedExchange, turn: SessionTurn, index: Int, options: HTMLReplayOptions,
        contexts: inout ContextTable
    ) {
        let timeline = Timeline(exchange: recorded)
        exchange = ReplayExchangeData(timeline: timeline)
        let summary = recorded.summary
        label = TurnInputSummary.label(turn)
        input = TurnInputSummary.line(turn.newInput, quotesPrompts: options.includesRequestBodies)
        code = TurnInputSummary.outcomeCode(summary)
        if summary.outcome.isFailure {
            rowStyle = PaneItem.Style.alert.rawValue
        } else if turn.attempt > 1 {
            rowStyle = PaneItem.Style.warning.rawValue
        } else {
            rowStyle = (turn.thread > 1 ? PaneItem.Style.dim : .plain).rawValue
        }
        gap = index > 0 ? turn.gapBeforeNanos : nil
        turnAnomalies = SessionAnomaly.anomalies(of: timeline, turnIndex: index).filter { !$0.kind.isInStream }.map {
            ReplayExchangeData.Anomaly(
                position: $0.position, kind: $0.kind.rawValue, summary: $0.message, place: $0.place)
        }
        if options.includesRequestBodies {
            let body = turn.requestBody
            request = ReplayRequestItems.newInput(body: body, turn: turn)
            let items = ReplayRequestItems.context(body: body)
            context = items.isEmpty ? nil : contexts.index(of: items)
            contextHint = items.isEmpty ? nil : ReplayRequestItems.contextHint(body: body)
        }
    }
}

/// System prompts and tool lists, each written once however many turns send it.
struct ContextTable {
    private(set) var lists: [[PaneItem]] = []
    private var indexes: [[PaneItem]: Int] = [:]

    /// The index of `items`, adding them when new.
    mutating func index(of items: [PaneItem]) -> Int {
        if let known = indexes[items] { return known }
        indexes[items] = lists.count
        lists.append(items)
        return lists.count - 1
    }
}

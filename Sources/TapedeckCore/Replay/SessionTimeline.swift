/// A whole session on one clock: the selected turn's `Timeline`, the waits between turns (capped like silences
/// inside a stream) and the anomalies of every turn, so a session plays and steps like one recording.
///
/// Only the selected turn's timeline is built (a turn costs one pass over its events), so opening a session of
/// thousands of exchanges costs one exchange; anomaly searches build the turns they pass over and keep them.
public struct SessionTimeline: Sendable {
    /// The recording being replayed.
    public let session: RecordedSession
    /// Silences (inside streams and between turns) longer than this many seconds are shortened; nil keeps them.
    public let maxIdle: Double?
    /// Silences inside a stream longer than this many seconds are anomalies.
    public let gapThreshold: Double
    /// Index of the selected turn in `session.turns` (and `session.exchanges`).
    public private(set) var turnIndex: Int
    /// The selected turn's exchange as a timeline.
    public private(set) var timeline: Timeline
    /// Whether `tick` plays the session (turn after turn, waits included).
    public private(set) var isPlaying = false
    /// Clock rate: 1 is the original timing.
    public private(set) var speed: Double = 1
    /// Anomalies of the turns whose timelines have been built, by turn index.
    public private(set) var anomaliesByTurn: [Int: [SessionAnomaly]] = [:]
    private var ticks = TickInterval()

    /// Opens `session` on turn `turn` (clamped), cursor before its first event.
    public init(session: RecordedSession, maxIdle: Double? = nil, gapThreshold: Double = 2, turn: Int = 0) {
        self.session = session
        self.maxIdle = maxIdle.flatMap { $0 > 0 ? $0 : nil }
        self.gapThreshold = gapThreshold
        let index = min(max(0, turn), max(0, session.exchanges.count - 1))
        turnIndex = index
        timeline = SessionTimeline.makeTimeline(session, index, maxIdle: self.maxIdle, gapThreshold: gapThreshold)
        anomaliesByTurn[index] = SessionAnomaly.anomalies(of: timeline, turnIndex: index)
    }

    /// Number of turns (one per exchange).
    public var turnCount: Int { session.turns.count }

    /// The selected turn.
    public var turn: SessionTurn? { turnIndex < session.turns.count ? session.turns[turnIndex] : nil }

    /// The wait before turn `index` on the virtual clock: the recorded gap, capped by `maxIdle`.
    public func leadNanos(beforeTurn index: Int) -> Int64 {
        guard index > 0, index < session.turns.count else { return 0 }
        let gap = session.turns[index].gapBeforeNanos ?? 0
        return maxIdle.map { min(gap, Int64($0 * 1e9)) } ?? gap
    }

    /// Anomalies of the selected turn.
    public var currentAnomalies: [SessionAnomaly] { anomaliesByTurn[turnIndex] ?? [] }

    /// Anomalies of the selected turn at the cursor.
    public var anomaliesAtCursor: [SessionAnomaly] { currentAnomalies.filter { $0.position == timeline.position } }

    // MARK: Selecting turns

    /// Selects turn `index` (clamped) with the cursor after `position` events (nil: the end of its stream).
    public mutating func select(turn index: Int, position: Int? = nil) {
        let index = min(max(0, index), max(0, turnCount - 1))
        if index != turnIndex || session.exchanges.isEmpty {
            timeline = SessionTimeline.makeTimeline(session, index, maxIdle: maxIdle, gapThreshold: gapThreshold)
            timeline.setSpeed(speed)
            turnIndex = index
            if anomaliesByTurn[index] == nil {
                anomaliesByTurn[index] = SessionAnomaly.anomalies(of: timeline, turnIndex: index)
            }
        }
        timeline.seek(toPosition: position ?? timeline.eventCount)
    }

    /// The next turn, showing its whole answer; stays on the last.
    public mutating func nextTurn() {
        pause()
        select(turn: turnIndex + 1)
    }

    /// The previous turn, showing its whole answer; stays on the first.
    public mutating func previousTurn() {
        pause()
        select(turn: turnIndex - 1)
    }

    /// Changes the selected turn's cursor (stepping, seeking) with session playback paused.
    public mutating func withTimeline(_ body: (inout Timeline) -> Void) {
        pause()
        body(&timeline)
    }

    // MARK: Playback

    /// Plays from the cursor through the following turns; at the end of the last turn, from the first again.
    public mutating func play() {
        if turnIndex >= turnCount - 1 && timeline.isAtEnd {
            select(turn: 0, position: 0)
        } else if timeline.isAtEnd && turnIndex + 1 < turnCount {
            enterTurn(turnIndex + 1)
        }
        isPlaying = turnCount > 0
        ticks.reset()
    }

    /// Stops the clock where it is.
    public mutating func pause() {
        isPlaying = false
        ticks.reset()
        timeline.pause()
    }

    /// Play or pause.
    public mutating func togglePlaying() {
        if isPlaying { pause() } else { play() }
    }

    /// Sets the clock rate, clamped to 0.1×–100×.
    public mutating func setSpeed(_ newSpeed: Double) {
        speed = PlaybackSpeed.clamped(newSpeed)
        timeline.setSpeed(speed)
    }

    /// One speed step faster.
    public mutating func faster() { setSpeed(PlaybackSpeed.faster(than: speed)) }

    /// One speed step slower.
    public mutating func slower() { setSpeed(PlaybackSpeed.slower(than: speed)) }

    /// Back to the original timing.
    public mutating func originalSpeed() { setSpeed(1) }

    /// Advances the session clock by the wall time since the previous tick (scaled by `speed`): events become
    /// due in the selected turn, then the wait before the next turn runs down and that turn starts, so a whole
    /// session plays at its original timing. Pauses after the last turn. Returns whether anything visible changed.
    @discardableResult
    public mutating func tick(nowNanos: UInt64) -> Bool {
        guard isPlaying else { return false }
        guard let elapsed = ticks.elapsed(nowNanos: nowNanos) else { return false }
        let scaled = Double(elapsed) * speed
        var budget = scaled >= Double(Int64.max / 4) ? Int64.max / 4 : Int64(scaled)
        let before = (turnIndex, timeline.position)
        while let leftover = timeline.advance(byVirtualNanos: budget) {
            guard turnIndex + 1 < turnCount else {
                pause()
                return true
            }
            enterTurn(turnIndex + 1)
            budget = leftover
        }
        return before != (turnIndex, timeline.position) || timeline.leadRemainingNanos > 0
    }

    /// Selects the turn at its request start with the wait before it still to run.
    private mutating func enterTurn(_ index: Int) {
        select(turn: index, position: 0)
        timeline.seekToStart(lead: leadNanos(beforeTurn: index))
    }

    // MARK: Anomalies

    /// The next anomaly after the cursor in this turn or any later one; stays and returns false when there is
    /// none.
    @discardableResult
    public mutating func nextAnomaly() -> Bool {
        pause()
        let position = timeline.position
        if let next = currentAnomalies.first(where: { $0.position > position }) {
            timeline.seek(toPosition: next.position)
            return true
        }
        for index in (turnIndex + 1)..<max(turnIndex + 1, turnCount) {
            if let first = anomalies(ofTurn: index).first {
                select(turn: index, position: first.position)
                return true
            }
        }
        return false
    }

    /// The previous anomaly before the cursor in this turn or any earlier one; stays and returns false when
    /// there is none.
    @discardableResult
    public mutating func previousAnomaly() -> Bool {
        pause()
        let position = timeline.position
        if let previous = currentAnomalies.last(where: { $0.position < position }) {
            timeline.seek(toPosition: previous.position)
            return true
        }
        for index in stride(from: turnIndex - 1, through: 0, by: -1) {
            if let last = anomalies(ofTurn: index).last {
                select(turn: index, position: last.position)
                return true
            }
        }
        return false
    }

    /// The anomalies of turn `index`, building (and keeping) its timeline's analysis when not done yet.
    public mutating func anomalies(ofTurn index: Int) -> [SessionAnomaly] {
        if let known = anomaliesByTurn[index] { return known }
        let built = SessionTimeline.makeTimeline(session, index, maxIdle: maxIdle, gapThreshold: gapThreshold)
        let list = SessionAnomaly.anomalies(of: built, turnIndex: index)
        anomaliesByTurn[index] = list
        return list
    }

    private static func makeTimeline(
        _ session: RecordedSession, _ index: Int, maxIdle: Double?, gapThreshold: Double
    ) -> Timeline {
        let exchange =
            index < session.exchanges.count
            ? session.exchanges[index] : RecordedExchange(summary: emptySummary(session), events: [])
        return Timeline(exchange: exchange, maxIdle: maxIdle, gapThreshold: gapThreshold)
    }

    /// Stands in for the exchange of a session that has none (never stored, but the type allows it).
    private static func emptySummary(_ session: RecordedSession) -> ExchangeSummary {
        ExchangeSummary(
            id: session.summary.id, startedAtNanos: session.summary.startedAtNanos, method: "POST",
            path: "/v1/messages", outcome: .inProgress, eventCount: 0)
    }
}

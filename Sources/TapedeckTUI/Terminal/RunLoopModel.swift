/// What the run loop needs from a replayer model (the exchange view, the session view): the pure update and
/// view functions and whether the clock is running.
public protocol RunLoopModel: Sendable {
    /// Whether the loop should stop.
    var isFinished: Bool { get }
    /// Whether playback runs (the loop then ticks often and redraws at least ten times a second).
    var isPlaying: Bool { get }
    /// Changes whenever a tick moved something the screen shows (the cursor, the turn, playing or paused).
    var playbackStamp: [Int] { get }
    /// The next state after a message.
    func updated(_ message: ReplayMessage) -> Self
    /// Draws the state into `screen`.
    func draw(into screen: inout Screen)
}

extension ReplayState: RunLoopModel {
    /// Set by `q`.
    public var isFinished: Bool { shouldQuit }
    /// The timeline's clock runs.
    public var isPlaying: Bool { timeline.isPlaying }
    /// Cursor and playing state.
    public var playbackStamp: [Int] { [timeline.position, timeline.isPlaying ? 1 : 0] }
    /// `update(self, message)`.
    public func updated(_ message: ReplayMessage) -> ReplayState { update(self, message) }
    /// `render(self, into:)`.
    public func draw(into screen: inout Screen) { render(self, into: &screen) }
}

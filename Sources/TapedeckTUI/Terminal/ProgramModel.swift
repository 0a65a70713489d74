/// A screen of the TUI in the Elm / bubbletea shape: a value, a pure `updated(message)` and a pure `draw`, plus
/// whether its clock runs; `TerminalProgram` runs any of them.
public protocol ProgramModel: Sendable {
    /// Whether the loop should stop.
    var isFinished: Bool { get }
    /// Whether playback runs (the loop then ticks often and redraws at least ten times a second).
    var isPlaying: Bool { get }
    /// Changes whenever a tick moved something the screen shows (the cursor, the turn, playing or paused).
    var playbackStamp: [Int] { get }
    /// Whether messages from outside (pages of events) are still expected: the loop then looks for them often.
    var awaitsMessages: Bool { get }
    /// The next state after a message.
    func updated(_ message: ReplayMessage) -> Self
    /// Draws the state into `screen`.
    func draw(into screen: inout Screen)
}

extension ProgramModel {
    /// Models without a clock never play.
    public var isPlaying: Bool { false }
    /// Models without a clock change only on input.
    public var playbackStamp: [Int] { [] }
    /// Models that load nothing in the background hear only the terminal.
    public var awaitsMessages: Bool { false }
}

extension ReplayState: ProgramModel {
    /// Set by `q`.
    public var isFinished: Bool { shouldQuit }
    /// The timeline's clock runs.
    public var isPlaying: Bool { timeline.isPlaying }
    /// Cursor and playing state.
    public var playbackStamp: [Int] { [timeline.position, timeline.isPlaying ? 1 : 0] }
    /// Pages of events are still arriving.
    public var awaitsMessages: Bool { isLoadingEvents }
    /// `update(self, message)`.
    public func updated(_ message: ReplayMessage) -> ReplayState { update(self, message) }
    /// `render(self, into:)`.
    public func draw(into screen: inout Screen) { render(self, into: &screen) }
}

extension SessionPickerState: ProgramModel {
    /// A session was chosen or the list was left.
    public var isFinished: Bool { chosen != nil || cancelled }
    /// The picker's own messages; it has no clock, so ticks change nothing.
    public func updated(_ message: ReplayMessage) -> SessionPickerState {
        switch message {
        case .key(let key): update(self, .key(key))
        case .resize(let width, let height): update(self, .resize(width: width, height: height))
        case .tick, .eventsLoaded, .eventLoadFailed: self
        }
    }
    /// `render(self, into:)`.
    public func draw(into screen: inout Screen) { render(self, into: &screen) }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Drives any `ProgramModel` (the exchange view, the session view, the picker) with a real terminal, as
/// bubbletea's `Program` drives a `Model`: read input with a short timeout, tick, render only when something
/// changed. Named so it collides with nothing in Foundation (unlike `RunLoop`).
public enum TerminalProgram {
    /// Milliseconds the loop waits for a key before ticking (about 60 frames per second at most).
    public static let frameMilliseconds = 16

    /// A monotonic clock in nanoseconds.
    public static func monotonicNanos() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Runs a model until it finishes (`q`, a choice, or a signal); returns the final state. `inbox` hands over
    /// the messages other threads left for the model since the last call (pages of events loading in the
    /// background); while the model awaits them the loop looks every frame.
    public static func run<Model: ProgramModel, T: Terminal>(
        _ initial: Model, terminal: inout T, inbox: () -> [ReplayMessage] = { [] }
    ) -> Model {
        var state = initial
        let size = terminal.size
        state = state.updated(.resize(width: size.width, height: size.height))
        var screen = Screen(width: 0, height: 0)
        var needsDraw = true
        var lastDraw: UInt64 = 0
        while !state.isFinished {
            let now = monotonicNanos()
            if needsDraw || (state.isPlaying && now - lastDraw >= 100_000_000) {
                state.draw(into: &screen)
                terminal.draw(screen)
                lastDraw = now
                needsDraw = false
            }
            let timeout = state.isPlaying || state.awaitsMessages ? frameMilliseconds : 250
            if let input = terminal.readInput(timeoutMilliseconds: timeout) {
                state = state.updated(message(input))
                needsDraw = true
                // Drain keys that are already waiting before drawing again.
                while !state.isFinished, let more = terminal.readInput(timeoutMilliseconds: 0) {
                    state = state.updated(message(more))
                }
            }
            let arrived = inbox()
            for message in arrived where !state.isFinished { state = state.updated(message) }
            if !arrived.isEmpty { needsDraw = true }
            if state.isPlaying || needsDraw {
                let before = state.playbackStamp
                state = state.updated(.tick(nowNanos: monotonicNanos()))
                if before != state.playbackStamp { needsDraw = true }
            }
        }
        return state
    }

    /// A terminal input as a model message.
    static func message(_ input: TerminalInput) -> ReplayMessage {
        switch input {
        case .key(let key): .key(key)
        case .resize(let width, let height): .resize(width: width, height: height)
        }
    }
}

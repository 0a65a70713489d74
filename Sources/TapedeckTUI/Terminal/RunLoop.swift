#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Drives the pure models with a real terminal: read input with a short timeout, tick, render
/// only when something changed, and always restore the terminal (quit, error or signal).
public enum RunLoop {
    /// Milliseconds the loop waits for a key before ticking (about 60 frames per second at most).
    public static let frameMilliseconds = 16

    /// A monotonic clock in nanoseconds.
    public static func monotonicNanos() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Runs the replayer until `q` (or a signal); returns the final state.
    public static func run<T: Terminal>(_ initial: ReplayState, terminal: inout T) -> ReplayState {
        var state = initial
        let size = terminal.size
        state = update(state, .resize(width: size.width, height: size.height))
        var screen = Screen(width: 0, height: 0)
        var needsDraw = true
        var lastDraw: UInt64 = 0
        while !state.shouldQuit {
            let now = monotonicNanos()
            if needsDraw || (state.timeline.isPlaying && now - lastDraw >= 100_000_000) {
                render(state, into: &screen)
                terminal.draw(screen)
                lastDraw = now
                needsDraw = false
            }
            let timeout = state.timeline.isPlaying ? frameMilliseconds : 250
            if let input = terminal.readInput(timeoutMilliseconds: timeout) {
                switch input {
                case .key(let key): state = update(state, .key(key))
                case .resize(let width, let height): state = update(state, .resize(width: width, height: height))
                }
                needsDraw = true
                // Drain keys that are already waiting before drawing again.
                while !state.shouldQuit, let more = terminal.readInput(timeoutMilliseconds: 0) {
                    switch more {
                    case .key(let key): state = update(state, .key(key))
                    case .resize(let width, let height): state = update(state, .resize(width: width, height: height))
                    }
                }
            }
            if state.timeline.isPlaying || needsDraw {
                let before = (state.timeline.position, state.timeline.isPlaying)
                state = update(state, .tick(nowNanos: monotonicNanos()))
                if before != (state.timeline.position, state.timeline.isPlaying) { needsDraw = true }
            }
        }
        return state
    }

    /// Runs the exchange picker until a choice or cancel; returns the chosen exchange id.
    public static func pick<T: Terminal>(_ initial: ExchangePickerState, terminal: inout T) -> String? {
        var state = initial
        let size = terminal.size
        state = update(state, .resize(width: size.width, height: size.height))
        var screen = Screen(width: 0, height: 0)
        var needsDraw = true
        while state.chosen == nil && !state.cancelled {
            if needsDraw {
                render(state, into: &screen)
                terminal.draw(screen)
                needsDraw = false
            }
            guard let input = terminal.readInput(timeoutMilliseconds: 250) else { continue }
            switch input {
            case .key(let key): state = update(state, .key(key))
            case .resize(let width, let height): state = update(state, .resize(width: width, height: height))
            }
            needsDraw = true
        }
        return state.chosen
    }
}

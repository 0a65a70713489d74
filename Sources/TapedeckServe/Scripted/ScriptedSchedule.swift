import TapedeckCore

/// When each part of a scripted body is written: against absolute deadlines from the start of the body, so neither
/// sleeping nor writing ever accumulates lateness, and (when asked) with every part already due sent in one write.
///
/// A dense recording (a 1 MB tool input is tens of thousands of small events, microseconds apart) cannot be
/// re-served by sleeping and writing once per event: each sleep and each write costs more than the gap, and at
/// `--speed 10` the stream took five times as long as due. Here a part whose deadline has passed is never slept for,
/// the parts due by now go out together (with those due within `earlyNanos`, shorter than a sleep's cost). Pure: the caller passes
/// the elapsed time, so tests use a fake clock.
public struct ScriptedSchedule: Sendable, Hashable {
    /// What to do next.
    public enum Step: Sendable, Hashable {
        /// Write these parts now, as one write.
        case write(Range<Int>)
        /// Nothing is due: sleep until this many nanoseconds after the start of the body.
        case wait(untilNanos: Int64)
        /// Every part was written.
        case done
    }

    /// Each part's deadline: nanoseconds from the start of the body (the running sum of the parts' delays).
    public let dueNanos: [Int64]
    /// Each part's size, to bound one write.
    private let sizes: [Int]
    /// Whether parts already due are merged into one write (replays) or keep their own write (mocks whose chunking
    /// is the point).
    public let coalesces: Bool
    /// How early a merged write may send a part: a write that happens anyway also takes the parts due this soon,
    /// since sleeping for them costs more than it waits (a timer's latency on a busy machine is tens to hundreds of
    /// microseconds). A part is never written before its deadline minus this, nor slept for past its deadline.
    public let earlyNanos: Int64
    /// Largest merged write: a backlog goes out in pieces of at most this many bytes.
    public static let maxWriteBytes = 1 << 20
    /// The early window replays use: 1 ms, below what a client or a network can tell apart.
    public static let replayEarlyNanos: Int64 = 1_000_000

    /// The schedule of `parts`; with `coalesces`, parts due within `earlyNanos` are sent with the ones due now.
    public init(parts: [ScriptedPart], coalesces: Bool, earlyNanos: Int64 = 0) {
        var due: [Int64] = []
        due.reserveCapacity(parts.count)
        var total: Int64 = 0
        for part in parts {
            total = total.addingReportingOverflow(max(0, part.delayNanos)).partialValue
            due.append(total)
        }
        dueNanos = due
        sizes = parts.map(\.bytes.count)
        self.coalesces = coalesces
        self.earlyNanos = coalesces ? max(0, earlyNanos) : 0
    }

    /// The next step for the parts from `next` on, `elapsedNanos` after the start of the body.
    public func step(from next: Int, elapsedNanos: Int64) -> Step {
        guard next < dueNanos.count else { return .done }
        guard dueNanos[next] <= elapsedNanos else { return .wait(untilNanos: dueNanos[next]) }
        guard coalesces else { return .write(next..<(next + 1)) }
        // A write that happens anyway takes the parts due within the early window too, so the next sleep is at
        // least that long: on a dense stream each wakeup carries a millisecond of events, not a few microseconds.
        let horizon = elapsedNanos.addingReportingOverflow(earlyNanos).partialValue
        var end = next + 1
        var bytes = sizes[next]
        while end < dueNanos.count, dueNanos[end] <= horizon, bytes + sizes[end] <= Self.maxWriteBytes {
            bytes += sizes[end]
            end += 1
        }
        return .write(next..<end)
    }
}

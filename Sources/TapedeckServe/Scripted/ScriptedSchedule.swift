/// When each part of a scripted body is written: against absolute deadlines from the start of the body, so neither
/// sleeping nor writing ever accumulates lateness, and (when asked) with every part already due sent in one write.
///
/// A dense recording (a 1 MB tool input is tens of thousands of small events, microseconds apart) cannot be
/// re-served by sleeping and writing once per event: each sleep and each write costs more than the gap, and at
/// `--speed 10` the stream took five times as long as due. Here a part whose deadline has passed is never slept for,
/// and the parts due by now go out together. Pure: the caller passes the elapsed time, so tests use a fake clock.
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
    /// Largest merged write: a backlog goes out in pieces of at most this many bytes.
    public static let maxWriteBytes = 1 << 20

    /// The schedule of `parts`.
    public init(parts: [ScriptedPart], coalesces: Bool) {
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
    }

    /// The next step for the parts from `next` on, `elapsedNanos` after the start of the body.
    public func step(from next: Int, elapsedNanos: Int64) -> Step {
        guard next < dueNanos.count else { return .done }
        guard dueNanos[next] <= elapsedNanos else { return .wait(untilNanos: dueNanos[next]) }
        guard coalesces else { return .write(next..<(next + 1)) }
        var end = next + 1
        var bytes = sizes[next]
        while end < dueNanos.count, dueNanos[end] <= elapsedNanos, bytes + sizes[end] <= Self.maxWriteBytes {
            bytes += sizes[end]
            end += 1
        }
        return .write(next..<end)
    }
}

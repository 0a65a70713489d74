import NIOConcurrencyHelpers
import NIOCore
import TapedeckCore
import TapedeckStore

/// One recorder call from the event loop, kept in wire order until the recorder thread applies it.
enum ExchangeStep {
    case begin(id: String, start: ExchangeStart)
    case requestBody(ByteBuffer)
    case requestEnd
    case responseHead(status: Int, headers: [HeaderField], atNanos: Int64)
    case responseBody(ByteBuffer, atNanos: Int64)
    /// The end, with what the recording lost (the event loop's losses, then the queue's, added when it is taken).
    case finish(OutcomeClassifier.Ending, atNanos: Int64, detail: String?, losses: [RecordingLoss])
}

extension ExchangeStep {
    /// The body bytes the step holds (what the queue's byte cap counts).
    var bodyBytes: Int {
        switch self {
        case .requestBody(let buffer), .responseBody(let buffer, _): buffer.readableBytes
        default: 0
        }
    }
}

/// What the queue's byte cap has cost one exchange so far, and the event boundaries of the refused bytes.
private struct QueueLoss {
    var loss = RecordingLoss(cause: .queueOverCap)
    /// Follows event boundaries across the refused buffers, to count the events in them.
    var boundaries = SSEBoundaryCounter()
}

/// Moves recorder calls off the event loop, coalesced: a call is a short locked append to the one queue between
/// the event loops and the recorder thread. The queue has no thread of its own: it is a feeder of the store's
/// `ExchangeRecorder`, whose one thread (`tapedeck-rec`, at background priority) wakes at most once per flush
/// window, takes everything every exchange queued, applies it (parse, assemble) and writes the result in the same
/// pass, one transaction. So an isolated event at a token cadence costs a share of one wake-up and one transaction.
/// The queue holds at most `maxQueueBytes` of body bytes: past that, recording of the exchange whose bytes did not
/// fit degrades (its later body bytes are counted, not kept, and the exchange is marked), while forwarding goes on
/// untouched; it keeps taking steps while the database refuses writes (the recorder applies them between retries).
final class CaptureQueue: Sendable {
    private struct Queue {
        var steps: [(key: Int, step: ExchangeStep)] = []
        var bytes = 0
        var nextKey = 0
        /// Exchanges whose recording degraded, with what they lost so far.
        var losses: [Int: QueueLoss] = [:]
    }

    /// The most body bytes waiting for the recorder thread.
    let maxQueueBytes: Int
    /// The most body bytes handed to `apply` at once (a batch larger than this is applied in stretches).
    static let applyStretchBytes = 1 << 20
    private let queue = NIOLockedValueBox(Queue())
    /// Told when the queue goes from empty to not empty (the recorder's `feederHasWork`).
    private let hasWork: @Sendable () -> Void
    /// Told when the queued bytes pass half the cap (the recorder's `feederIsFilling`: drain now, not at the end
    /// of the window, or a fast upstream's body passes the cap within one window and is not recorded).
    private let isFilling: @Sendable () -> Void

    /// Creates a queue; `hasWork` is called (on the event loop) when a step arrives in an empty queue, `isFilling`
    /// when the queued body bytes pass half of `maxQueueBytes`.
    init(
        maxQueueBytes: Int, hasWork: @escaping @Sendable () -> Void, isFilling: @escaping @Sendable () -> Void = {}
    ) {
        self.maxQueueBytes = max(1, maxQueueBytes)
        self.hasWork = hasWork
        self.isFilling = isFilling
    }

    /// A key for a new exchange's steps.
    func makeKey() -> Int {
        queue.withLockedValue { queue in
            queue.nextKey += 1
            return queue.nextKey
        }
    }

    /// Queues `step` for the exchange `key`; returns at once (the recorder is told only when the queue was empty).
    /// A body step that does not fit under the cap, and every body step of that exchange after it, is refused and
    /// counted.
    func submit(_ step: ExchangeStep, key: Int) {
        let bytes = step.bodyBytes
        let maxQueueBytes = self.maxQueueBytes
        let (wasEmpty, filling) = queue.withLockedValue { queue -> (Bool, Bool) in
            if bytes > 0
                && ((!queue.losses.isEmpty && queue.losses[key] != nil) || queue.bytes + bytes > maxQueueBytes)
            {
                var lost = queue.losses[key] ?? QueueLoss()
                lost.loss.bytes += bytes
                if case .responseBody(let refused, _) = step { lost.loss.events += lost.boundaries.count(refused) }
                queue.losses[key] = lost
                return (false, false)
            }
            let half = maxQueueBytes / 2
            let crossesHalf = queue.bytes < half && queue.bytes + bytes >= half
            queue.steps.append((key, step))
            queue.bytes += bytes
            return (queue.steps.count == 1, crossesHalf)
        }
        if filling {
            isFilling()
        } else if wasEmpty {
            hasWork()
        }
    }

    /// Body bytes waiting now (for tests and statistics).
    var queuedBytes: Int { queue.withLockedValue { $0.bytes } }

    /// Takes every queued step and hands them to `apply` in order (on the recorder thread); an exchange's finish
    /// step carries every loss of its recording.
    func drain(_ apply: ([(key: Int, step: ExchangeStep)]) -> Void) {
        let taken = queue.withLockedValue { queue -> [(key: Int, step: ExchangeStep)] in
            guard !queue.steps.isEmpty else { return [] }
            var taken = queue.steps
            queue.steps = []
            queue.steps.reserveCapacity(taken.count)
            // The queue's loss of an exchange that finishes in this batch is final: its finish step carries it.
            if !queue.losses.isEmpty {
                for index in taken.indices {
                    let key = taken[index].key
                    guard case .finish(let ending, let atNanos, let detail, let losses) = taken[index].step,
                        let lost = queue.losses.removeValue(forKey: key)
                    else { continue }
                    taken[index].step = .finish(
                        ending, atNanos: atNanos, detail: detail, losses: losses + [lost.loss])
                }
            }
            return taken
        }
        guard !taken.isEmpty else { return }
        // Applied in stretches of at most `applyStretchBytes` body bytes, each let go (and taken off the queue's
        // count) once applied: a batch holding a large body would otherwise keep all its buffers while the
        // recorder copies them, twice the body in memory.
        var pending = Array(taken.reversed())
        var drained = 0
        defer { if drained >= FreedMemory.releaseAfterBytes { FreedMemory.release() } }
        while !pending.isEmpty {
            var stretch: [(key: Int, step: ExchangeStep)] = []
            var bytes = 0
            while let next = pending.last,
                stretch.isEmpty || bytes + next.step.bodyBytes <= Self.applyStretchBytes
            {
                bytes += next.step.bodyBytes
                stretch.append(pending.removeLast())
            }
            apply(stretch)
            stretch = []
            queue.withLockedValue { $0.bytes -= bytes }
            drained += bytes
        }
    }
}

import Dispatch
import Foundation
import NIOCore
import TapedeckCore

/// One recorder call from the event loop, kept in wire order until the drainer applies it.
enum ExchangeStep {
    case requestBody(ByteBuffer)
    case requestEnd
    case responseHead(status: Int, headers: [HeaderField], atNanos: Int64)
    case responseBody(ByteBuffer, atNanos: Int64)
    case finish(OutcomeClassifier.Ending, atNanos: Int64, detail: String?)
}

/// Moves recorder calls off the event loop in bursts: a call is a short locked append; one serial queue wakes
/// at most once per `gatherDelay` and applies the steps of every session that has some. Waking a thread per
/// body part cost more CPU than parsing it; the store batches every 20 ms anyway, so a 10 ms gather keeps rows on disk within 30 ms.
///
/// `@unchecked Sendable`: `ready`, `scheduled` and each recording's queued steps are guarded by `lock`;
/// `applying` is only touched on `queue`.
final class CaptureDrainer: @unchecked Sendable {
    private let lock = NSLock()
    private let queue = DispatchQueue(label: "tapedeck.capture", qos: .utility)
    private let gatherDelay: DispatchTimeInterval
    private var ready: [StoreExchangeRecording] = []
    private var applying: [StoreExchangeRecording] = []
    private var scheduled = false

    /// Creates a drainer that lets steps gather for `gatherDelay` before applying them.
    init(gatherDelay: DispatchTimeInterval = .milliseconds(10)) {
        self.gatherDelay = gatherDelay
    }

    /// Queues `step` for `recording`; returns at once.
    func submit(_ step: ExchangeStep, to recording: StoreExchangeRecording) {
        lock.lock()
        if recording.queueLocked(step) { ready.append(recording) }
        let schedule = !scheduled
        scheduled = true
        lock.unlock()
        if schedule {
            queue.asyncAfter(deadline: .now() + gatherDelay) { [self] in drain() }
        }
    }

    /// Applies every queued step, session by session, each session's steps in order.
    private func drain() {
        lock.lock()
        swap(&ready, &applying)
        scheduled = false
        for recording in applying { recording.takeLocked() }
        lock.unlock()
        for recording in applying { recording.applyTaken() }
        applying.removeAll(keepingCapacity: true)
    }
}

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

/// Moves recorder calls off the event loop in bursts: a call is a short locked append; one thread of its own, at
/// background priority (`BackgroundThreadPriority`), wakes when steps are waiting, lets more gather for
/// `gatherDelay`, and applies the steps of every exchange that has some. Waking a thread per body part cost more CPU
/// than parsing it; the store batches every 20 ms anyway, so a 10 ms gather keeps rows on disk within 30 ms.
/// At the default priority the burst competed with the event loop for the core and showed in forwarding latency.
///
/// `@unchecked Sendable`: `ready`, `stopped` and each recording's queued steps are guarded by `condition`;
/// `applying` is only touched on the drainer thread.
final class CaptureDrainer: @unchecked Sendable {
    private let condition = NSCondition()
    private let gatherDelay: TimeInterval
    private var ready: [StoreExchangeRecording] = []
    private var applying: [StoreExchangeRecording] = []

    /// Creates a drainer whose thread lets steps gather for `gatherDelay` before applying them. The thread ends
    /// within a second of the drainer's last reference going away.
    init(gatherDelay: TimeInterval = 0.010) {
        self.gatherDelay = gatherDelay
        let thread = Thread { [weak self] in
            BackgroundThreadPriority.applyToCurrentThread()
            while let drainer = self, drainer.waitAndDrain() {}
        }
        thread.name = "tapedeck.capture"
        thread.start()
    }

    /// Queues `step` for `recording`; returns at once (the drainer thread is signalled only when it is idle).
    func submit(_ step: ExchangeStep, to recording: StoreExchangeRecording) {
        condition.lock()
        let wake = ready.isEmpty
        if recording.queueLocked(step) { ready.append(recording) }
        if wake { condition.signal() }
        condition.unlock()
    }

    /// Waits (up to a second) for steps, gathers, applies them; returns true to be called again.
    private func waitAndDrain() -> Bool {
        condition.lock()
        if ready.isEmpty {
            _ = condition.wait(until: Date(timeIntervalSinceNow: 1))
        }
        let hasWork = !ready.isEmpty
        condition.unlock()
        guard hasWork else { return true }
        Thread.sleep(forTimeInterval: gatherDelay)
        drain()
        return true
    }

    /// Applies every queued step, exchange by exchange, each exchange's steps in order.
    private func drain() {
        condition.lock()
        swap(&ready, &applying)
        for recording in applying { recording.takeLocked() }
        condition.unlock()
        for recording in applying { recording.applyTaken() }
        applying.removeAll(keepingCapacity: true)
    }
}

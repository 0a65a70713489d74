import Dispatch
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Testing

@testable import TapedeckProxy

/// The capture drainer applies a large batch in stretches of at most `applyStretchBytes` body bytes, letting each
/// stretch's buffers go before the next (a batch holding a large body kept every buffer while the recorder copied
/// it: twice the body in memory), in order and with nothing left out.
@Suite struct CaptureDrainerStretchTests {
    @Test func aLargeBatchIsAppliedInStretchesInOrder() {
        let part = 300 << 10
        let parts = 20
        let applied = NIOLockedValueBox<[[Int]]>([])
        let arrivals = NIOLockedValueBox<[Int64]>([])
        let done = DispatchSemaphore(value: 0)
        let drainer = CaptureDrainer(maxQueueBytes: 64 << 20, flushWindow: 0.2) { steps in
            let sizes = steps.map(\.step.bodyBytes)
            for (_, step) in steps {
                if case .responseBody(_, let atNanos) = step { arrivals.withLockedValue { $0.append(atNanos) } }
            }
            let total = applied.withLockedValue { applied in
                applied.append(sizes)
                return applied.joined().count
            }
            if total == parts + 2 { done.signal() }
        }
        let key = drainer.makeKey()
        let allocator = ByteBufferAllocator()
        drainer.submit(
            .begin(
                id: "x",
                start: ExchangeStart(startedAtNanos: 0, method: "POST", path: "/", query: nil, requestHeaders: [])),
            key: key)
        for index in 0..<parts {
            drainer.submit(
                .responseBody(allocator.buffer(repeating: UInt8(index), count: part), atNanos: Int64(index)), key: key)
        }
        drainer.submit(.finish(.upstreamFinished, atNanos: 0, detail: nil, losses: []), key: key)
        #expect(done.wait(timeout: .now() + 30) == .success)
        let stretches = applied.withLockedValue { $0 }
        #expect(stretches.joined().count == parts + 2)
        #expect(stretches.count > 1, "one batch of \(parts * part) bytes is applied in stretches")
        for stretch in stretches {
            #expect(stretch.count == 1 || stretch.reduce(0, +) <= CaptureDrainer.applyStretchBytes)
        }
        #expect(arrivals.withLockedValue { $0 } == (0..<Int64(parts)).map { $0 })
    }
}

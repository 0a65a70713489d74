import NIOConcurrencyHelpers
import NIOCore
import Testing

@testable import TapedeckProxy

/// The capture queue applies a large batch in stretches of at most `applyStretchBytes` body bytes, letting each
/// stretch's buffers go before the next (a batch holding a large body kept every buffer while the recorder copied
/// it: twice the body in memory), in order and with nothing left out.
@Suite struct CaptureQueueStretchTests {
    @Test func aLargeBatchIsAppliedInStretchesInOrder() {
        let part = 300 << 10
        let parts = 20
        let queue = CaptureQueue(maxQueueBytes: 64 << 20) {}
        let key = queue.makeKey()
        let allocator = ByteBufferAllocator()
        queue.submit(
            .begin(
                id: "x",
                start: ExchangeStart(startedAtNanos: 0, method: "POST", path: "/", query: nil, requestHeaders: [])),
            key: key)
        for index in 0..<parts {
            queue.submit(
                .responseBody(allocator.buffer(repeating: UInt8(index), count: part), atNanos: Int64(index)), key: key)
        }
        queue.submit(.finish(.upstreamFinished, atNanos: 0, detail: nil, losses: []), key: key)
        var stretches: [[Int]] = []
        var arrivals: [Int64] = []
        var queuedAfterFirst: Int?
        queue.drain { steps in
            stretches.append(steps.map(\.step.bodyBytes))
            for (_, step) in steps {
                if case .responseBody(_, let atNanos) = step { arrivals.append(atNanos) }
            }
            if stretches.count == 2 { queuedAfterFirst = queue.queuedBytes }
        }
        #expect(stretches.joined().count == parts + 2)
        #expect(stretches.count > 1, "one batch of \(parts * part) bytes is applied in stretches")
        for stretch in stretches {
            #expect(stretch.count == 1 || stretch.reduce(0, +) <= CaptureQueue.applyStretchBytes)
        }
        #expect(arrivals == (0..<Int64(parts)).map { $0 })
        #expect(
            (queuedAfterFirst ?? 0) == parts * part - stretches[0].reduce(0, +),
            "a stretch's bytes leave the queue's count once it is applied")
        #expect(queue.queuedBytes == 0)
    }

    @Test func theRecorderIsToldOnlyWhenTheQueueWasEmpty() {
        let told = Counter()
        let queue = CaptureQueue(maxQueueBytes: 1 << 20) { told.add() }
        let key = queue.makeKey()
        for _ in 0..<5 { queue.submit(.requestEnd, key: key) }
        #expect(told.value == 1)
        queue.drain { _ in }
        queue.submit(.requestEnd, key: key)
        #expect(told.value == 2)
    }

    @Test func theRecorderIsToldWhenTheQueuePassesHalfItsCap() {
        let told = Counter()
        let filling = Counter()
        let queue = CaptureQueue(maxQueueBytes: 1 << 20, hasWork: { told.add() }, isFilling: { filling.add() })
        let key = queue.makeKey()
        let piece = ByteBuffer(repeating: 0x61, count: 200_000)
        queue.submit(.responseBody(piece, atNanos: 1), key: key)
        queue.submit(.responseBody(piece, atNanos: 2), key: key)
        #expect(filling.value == 0)
        // 600,000 bytes: past 524,288, once.
        queue.submit(.responseBody(piece, atNanos: 3), key: key)
        queue.submit(.responseBody(piece, atNanos: 4), key: key)
        #expect(filling.value == 1)
        #expect(told.value == 1)
        queue.drain { _ in }
        for index in 0..<3 { queue.submit(.responseBody(piece, atNanos: Int64(5 + index)), key: key) }
        #expect(filling.value == 2)
    }
}

/// A count bumped from the queue's callback.
private final class Counter: Sendable {
    private let count = NIOLockedValueBox(0)
    func add() { count.withLockedValue { $0 += 1 } }
    var value: Int { count.withLockedValue { $0 } }
}

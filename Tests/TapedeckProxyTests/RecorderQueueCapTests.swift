import Foundation
import NIOCore
import Testing

@testable import TapedeckCore
@testable import TapedeckProxy
@testable import TapedeckStore

/// Issue 11 item 5: the recorder's queue is capped in bytes; past the cap an exchange's recording degrades (its
/// lost events counted, the exchange marked) while the client still gets every byte.
@Suite struct RecorderQueueCapTests {
    @Test func aFloodPastASmallCapIsForwardedWholeAndItsLossCounted() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tapedeck-cap-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TapedeckStore(path: directory.appendingPathComponent("t.sqlite").path)
        let recorder = StoreCaptureRecorder(exchangeRecorder: store.makeRecorder(), maxQueueBytes: 4096)
        let proxy = try EmbeddedProxy(storeRecorder: recorder)
        try proxy.clientSends(ProxyHandlerEmbeddedTests.post)
        let upstream = try #require(proxy.upstreams.last)
        _ = try upstream.received()

        let filler = String(repeating: "x", count: 8000)
        let delta = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"pad\":\"\(filler)\"}\n\n"
        let events = Array(repeating: delta, count: 49) + [ProxyHandlerEmbeddedTests.stop]
        let body = events.map(ProxyHandlerEmbeddedTests.chunk).joined() + "0\r\n\r\n"
        try upstream.sends(ProxyHandlerEmbeddedTests.sseHead + body)
        proxy.loop.run()
        let response = try proxy.clientReceived()
        #expect(response.hasSuffix(body), "the client gets every byte, whatever the recorder keeps")
        #expect(proxy.client.isActive)

        await recorder.flush()
        let summary = try #require(try store.exchanges().first)
        let exchange = try store.loadExchange(id: summary.id)
        #expect(exchange.summary.droppedEvents > 0)
        #expect(exchange.events.count + exchange.summary.droppedEvents == events.count)
        #expect(exchange.summary.note?.contains("recording degraded") == true)
        await recorder.exchangeRecorder.close()
    }

    @Test func boundaryCounterCountsEventsAcrossBuffers() {
        var counter = SSEBoundaryCounter()
        let allocator = ByteBufferAllocator()
        var total = 0
        for piece in ["data: a\n", "\ndata: b\r", "\n\r\n: comment only\n\n", "data: c\r\r", "\n\n"] {
            total += counter.count(allocator.buffer(string: piece))
        }
        // Three events end; the comment-only block counts as one too (it is a dispatch in the framing).
        #expect(total == 4)
    }
}

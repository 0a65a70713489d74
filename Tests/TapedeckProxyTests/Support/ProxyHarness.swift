import Foundation
import NIOCore
import TapedeckCore
import TapedeckProxy
import TapedeckStore

/// An in-process proxy recording into a temp database, pointed at a local upstream port.
final class ProxyHarness: Sendable {
    let directory: URL
    let store: TapedeckStore
    let recorder: StoreCaptureRecorder
    let proxy: CaptureProxy
    let finished: AsyncStream<ExchangeSummary>

    var dbPath: String { store.path }

    init(
        upstreamPort: Int, idleTimeout: TimeAmount = .seconds(30), redact: [String] = [],
        upstream: UpstreamTarget? = nil
    ) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tapedeck-proxy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try TapedeckStore(path: directory.appendingPathComponent("t.sqlite").path)
        let (stream, continuation) = AsyncStream<ExchangeSummary>.makeStream()
        finished = stream
        recorder = StoreCaptureRecorder(
            exchangeRecorder: store.makeRecorder(), redactor: HeaderRedactor(additionalNames: redact),
            onFinish: { continuation.yield($0) })
        proxy = try await CaptureProxy.start(
            ProxyConfiguration(
                listenHost: "127.0.0.1", listenPort: 0,
                upstream: upstream ?? UpstreamTarget(usesTLS: false, host: "127.0.0.1", port: upstreamPort),
                redactedHeaderNames: redact, idleTimeout: idleTimeout, threads: 1, recorder: recorder))
    }

    /// Waits for the next finished exchange, commits it and loads it back from the store.
    func nextExchange() async throws -> RecordedExchange {
        var iterator = finished.makeAsyncIterator()
        guard let summary = await iterator.next() else { throw HarnessError.noExchange }
        await recorder.flush()
        return try store.loadExchange(id: summary.id)
    }

    func shutdown() async {
        await proxy.shutdown(grace: .milliseconds(100))
        await recorder.exchangeRecorder.close()
        try? FileManager.default.removeItem(at: directory)
    }
}

enum HarnessError: Error {
    case noExchange
}

/// A small but complete Anthropic stream, split into arbitrary parts by tests.
enum SampleStream {
    static let events: [String] = [
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}\n\n",
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
        "event: ping\ndata: {\"type\": \"ping\"}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\", world\"}}\n\n",
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":5}}\n\n",
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
    ]

    static var bytes: [UInt8] { Array(events.joined().utf8) }

    /// Everything before message_stop.
    static var withoutStop: [UInt8] { Array(events.dropLast().joined().utf8) }

    static let errorEvent = Array(
        (events.prefix(4).joined()
            + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n")
            .utf8)

    /// Splits `bytes` into parts at deterministic pseudo-random places (inside lines, inside UTF-8).
    static func chunked(_ bytes: [UInt8], seed: UInt64 = 7) -> [[UInt8]] {
        var state = seed
        var parts: [[UInt8]] = []
        var index = 0
        while index < bytes.count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let size = Int((state >> 33) % 97) + 1
            let end = min(bytes.count, index + size)
            parts.append(Array(bytes[index..<end]))
            index = end
        }
        return parts
    }
}

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

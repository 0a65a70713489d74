import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import NIOHTTP1
import TapedeckCore

@testable import TapedeckProxy

/// A client connection's pipeline on an `EmbeddedChannel` and its upstream connections on `EmbeddedChannel`s of
/// the same `EmbeddedEventLoop`: the proxy's handlers run as in production, without sockets, and time is the loop's
/// (`advance`), so timeouts are tested without waiting.
final class EmbeddedProxy {
    let loop = EmbeddedEventLoop()
    let client: EmbeddedChannel
    let upstreams: EmbeddedUpstreams
    let recorder = CallRecorder()
    let tracker = ConnectionTracker(maxConnections: 100)

    /// A proxy recording into `CallRecorder` (`recorder`), or into `storeRecorder` when given.
    init(
        idleTimeout: TimeAmount = .seconds(60), headerTimeout: TimeAmount = .seconds(10),
        storeRecorder: StoreCaptureRecorder? = nil
    ) throws {
        upstreams = EmbeddedUpstreams(loop: loop)
        client = EmbeddedChannel(loop: loop)
        let shared = ProxyShared(
            upstreams: upstreams, redactor: HeaderRedactor(), recorder: storeRecorder ?? recorder,
            idleTimeout: idleTimeout, tracker: tracker)
        try ProxyServerHandler.addHandlers(to: client, shared: shared, headerTimeout: headerTimeout)
        try client.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
    }

    /// The proxy's handler (for its state).
    var handler: ProxyServerHandler {
        get throws { try client.pipeline.syncOperations.handler(type: ProxyServerHandler.self) }
    }

    /// Sends bytes from the client, as one socket read.
    func clientSends(_ text: String) throws {
        try client.writeInbound(client.allocator.buffer(string: text))
        loop.run()
    }

    /// Everything the proxy wrote to the client so far, as text.
    func clientReceived() throws -> String {
        var text = ""
        while let buffer = try client.readOutbound(as: ByteBuffer.self) {
            text += String(buffer: buffer)
        }
        return text
    }

    /// Lets `amount` of loop time pass (scheduled timers fire).
    func advance(_ amount: TimeAmount) {
        loop.advanceTime(by: amount)
    }
}

/// Upstream connections on `EmbeddedChannel`s, kept for reuse like `UpstreamConnector`'s pool.
/// `@unchecked Sendable`: `ProxyShared` is `Sendable`, but this source is only used on the one embedded loop's thread.
final class EmbeddedUpstreams: UpstreamSource, @unchecked Sendable {
    let target = UpstreamTarget.anthropic
    let loop: EmbeddedEventLoop
    /// Every connection made, in order.
    private(set) var channels: [EmbeddedChannel] = []
    private var idle: [UpstreamHandler] = []
    /// Handlers put first on the next connection (fault injection).
    var extraHandlers: () -> [any ChannelHandler] = { [] }
    /// Whether the next acquire fails (the upstream is unreachable).
    var failNextConnect: (any Error)?

    init(loop: EmbeddedEventLoop) {
        self.loop = loop
    }

    /// The latest connection.
    var last: EmbeddedChannel? { channels.last }

    func acquire(on loop: any EventLoop, _ completion: @escaping (Result<AcquiredUpstream, any Error>) -> Void) {
        if let error = failNextConnect {
            failNextConnect = nil
            completion(.failure(error))
            return
        }
        if let pooled = idle.popLast() {
            completion(.success(AcquiredUpstream(handler: pooled, reused: true)))
            return
        }
        let channel = EmbeddedChannel(loop: self.loop)
        let tap = UpstreamBodyTap()
        let handler = UpstreamHandler(tap: tap)
        do {
            let sync = channel.pipeline.syncOperations
            for extra in extraHandlers() { try sync.addHandler(extra) }
            try sync.addHandler(tap)
            try sync.addHTTPClientHandlers()
            try sync.addHandler(handler)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 2)).wait()
        } catch {
            completion(.failure(error))
            return
        }
        channels.append(channel)
        completion(.success(AcquiredUpstream(handler: handler, reused: false)))
    }

    func release(_ handler: UpstreamHandler, on loop: any EventLoop) {
        handler.detach()
        if handler.isReusable { idle.append(handler) } else { handler.close() }
    }

    /// Puts a connection in the pool as if an earlier exchange had left it there.
    func pool(_ handler: UpstreamHandler) {
        idle.append(handler)
    }
}

extension EmbeddedChannel {
    /// Everything written to this channel so far, as text.
    func received() throws -> String {
        var text = ""
        while let buffer = try readOutbound(as: ByteBuffer.self) {
            text += String(buffer: buffer)
        }
        return text
    }

    /// Bytes arriving on this channel, as one socket read.
    func sends(_ text: String) throws {
        try writeInbound(allocator.buffer(string: text))
    }
}

/// A `CaptureRecorder` that keeps every call, for tests of what the proxy hands the recorder.
final class CallRecorder: CaptureRecorder {
    /// What one exchange received.
    struct Calls: Sendable {
        var start: ExchangeStart
        var requestBody: [UInt8] = []
        var requestEnded = false
        var status: Int?
        var responseHeaders: [HeaderField] = []
        var responseBody: [UInt8] = []
        var responseParts = 0
        var ending: OutcomeClassifier.Ending?
        var detail: String?
        var losses: [RecordingLoss] = []
        var finishCount = 0
    }

    private let exchanges = NIOLockedValueBox<[Calls]>([])

    /// The exchanges begun so far, in order.
    var calls: [Calls] { exchanges.withLockedValue { $0 } }

    func beginExchange(_ start: ExchangeStart) -> any ExchangeRecording {
        let index = exchanges.withLockedValue {
            $0.append(Calls(start: start))
            return $0.count - 1
        }
        return Recording(index: index, exchanges: exchanges)
    }

    private struct Recording: ExchangeRecording {
        let index: Int
        let exchanges: NIOLockedValueBox<[Calls]>

        func requestBody(_ buffer: ByteBuffer) {
            exchanges.withLockedValue { $0[index].requestBody += Array(buffer.readableBytesView) }
        }
        func requestEnd() {
            exchanges.withLockedValue { $0[index].requestEnded = true }
        }
        func responseHead(status: Int, headers: [HeaderField], atNanos: Int64) {
            exchanges.withLockedValue {
                $0[index].status = status
                $0[index].responseHeaders = headers
            }
        }
        func responseBody(_ buffer: ByteBuffer, atNanos: Int64) {
            exchanges.withLockedValue {
                $0[index].responseBody += Array(buffer.readableBytesView)
                $0[index].responseParts += 1
            }
        }
        func finish(_ ending: OutcomeClassifier.Ending, atNanos: Int64, detail: String?, losses: [RecordingLoss]) {
            exchanges.withLockedValue {
                $0[index].ending = ending
                $0[index].detail = detail
                $0[index].losses = losses
                $0[index].finishCount += 1
            }
        }
    }
}

import NIOCore

/// Closes a client connection whose request head does not arrive whole within `timeout` of its first byte: a
/// half-sent head or a head dripped a byte at a time would otherwise hold a connection (and a file descriptor)
/// for as long as bytes keep trickling. Sits before NIOHTTP1's decoder, which sees raw bytes; `ProxyServerHandler`
/// says when a head arrived and when the next one is awaited.
final class RequestHeadTimeout: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: TimeAmount
    private var awaitingHead = true
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    /// Creates the timer for one connection.
    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if awaitingHead && timer == nil {
            timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
                timer = nil
                self.context?.close(promise: nil)
            }
        }
        context.fireChannelRead(data)
    }

    /// A whole request head was decoded: the timer stops until the next head is awaited.
    func headArrived() {
        awaitingHead = false
        timer?.cancel()
        timer = nil
    }

    /// The exchange ended and the connection stays open: the next head's first byte starts the timer again.
    func awaitNextHead() {
        awaitingHead = true
    }
}

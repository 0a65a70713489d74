import NIOCore

/// The first handler of a client connection's pipeline: a way to write bytes that are already HTTP/1.1 (a relayed
/// chunked body) straight to the socket, past NIOHTTP1's response encoder. Heads and the final chunk still go
/// through the encoder, which writes synchronously, so the order on the wire is the order of the calls.
final class ClientRawWriter: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Writes and flushes `bytes` as they are.
    func writeAndFlush(_ bytes: ByteBuffer) {
        context?.writeAndFlush(NIOAny(bytes), promise: nil)
    }
}

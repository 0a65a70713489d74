import NIOCore

/// Sits before NIOHTTP1's response decoder on an upstream connection and takes a chunked response body off the
/// decoding path: the decoder still parses every response head and the last chunk (so NIOHTTP1 owns the HTTP
/// state), but the body's reads go straight to the exchange as the bytes that arrived. Decoding each read into
/// parts and re-encoding them for the client was most of the proxy's own work per event, and that work is latency.
final class UpstreamBodyTap: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private enum Mode {
        /// Before a response body: looking for the end of the head, which goes to the decoder on its own.
        case head
        /// A chunked body relayed raw to `relay`, until its last chunk.
        case relay(ProxyServerHandler)
        /// Everything goes to the decoder until the response ends.
        case decoder
    }

    private var mode = Mode.head
    private var headEnd = HeadEndMatcher()
    /// True while the decoder is handed exactly a response head (nothing of the body): only then may the body
    /// that follows be relayed, because the decoder holds none of it.
    private(set) var isAtHeadBoundary = false
    private var scanner = ChunkedFramingScanner()
    /// A chunk-size line cut by the end of a read, held back until its end arrives.
    private var carry: ByteBuffer?
    /// The data stretches (offset, length) of the read being relayed; kept to reuse its storage.
    private var dataParts: [(offset: Int, length: Int)] = []
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// The head just decoded starts a body: relay it to `relay` when given (and the decoder holds none of it),
    /// else decode it.
    func bodyBegins(relayTo relay: ProxyServerHandler?) {
        guard let relay, isAtHeadBoundary else {
            mode = .decoder
            return
        }
        mode = .relay(relay)
        scanner = ChunkedFramingScanner()
        carry = nil
    }

    /// The decoder ended the response: the next bytes start a new head.
    func responseEnded() {
        mode = .head
        headEnd = HeadEndMatcher()
        carry = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        while buffer.readableBytes > 0 {
            switch mode {
            case .head:
                guard let end = headEnd.consume(buffer) else {
                    context.fireChannelRead(wrapInboundOut(buffer))
                    return
                }
                // The decoder gets the head alone; the exchange decides (through `bodyBegins`) what follows.
                guard let head = buffer.readSlice(length: end) else { return }
                isAtHeadBoundary = true
                context.fireChannelRead(wrapInboundOut(head))
                isAtHeadBoundary = false
                headEnd = HeadEndMatcher()
            case .relay(let relay):
                relayBody(&buffer, to: relay, context: context)
            case .decoder:
                context.fireChannelRead(wrapInboundOut(buffer))
                return
            }
        }
    }

    private func relayBody(_ buffer: inout ByteBuffer, to relay: ProxyServerHandler, context: ChannelHandlerContext) {
        if var held = carry {
            carry = nil
            held.writeImmutableBuffer(buffer)
            buffer = held
        }
        let relayEnd: Int
        let start = buffer.readerIndex
        dataParts.removeAll(keepingCapacity: true)
        do {
            relayEnd = try buffer.withUnsafeReadableBytes { bytes throws(ChunkedFramingScanner.FramingError) in
                try scanner.scan(bytes) { offset, length in dataParts.append((offset, length)) }
            }
        } catch {
            // Everything before the first byte of bad framing is valid: the client and the recorder get it, then
            // the error breaks the client's body.
            if error.validBytes > 0, let wire = buffer.getSlice(at: start, length: error.validBytes) {
                relay.upstreamRelayedBody(wire, dataParts: dataParts)
            }
            buffer.moveReaderIndex(to: buffer.writerIndex)
            mode = .decoder
            context.fireErrorCaught(error)
            return
        }
        if relayEnd > 0, let wire = buffer.getSlice(at: start, length: relayEnd) {
            relay.upstreamRelayedBody(wire, dataParts: dataParts)
        }
        buffer.moveReaderIndex(forwardBy: relayEnd)
        if scanner.reachedLastChunk {
            // The last chunk (and anything after it) is the decoder's: it ends the response.
            mode = .decoder
            if buffer.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(buffer)) }
            buffer.moveReaderIndex(to: buffer.writerIndex)
        } else if buffer.readableBytes > 0 {
            var held = context.channel.allocator.buffer(capacity: buffer.readableBytes + 256)
            held.writeBuffer(&buffer)
            carry = held
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        carry = nil
        context.fireChannelInactive()
    }
}

/// Finds the CR LF CR LF that ends an HTTP head, across reads.
struct HeadEndMatcher {
    private var matched = 0

    /// Scans `buffer`'s readable bytes; returns how many of them make up the rest of the head, once its end is in.
    mutating func consume(_ buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { bytes in
            for index in 0..<bytes.count {
                let byte = bytes[index]
                let expected: UInt8 = matched % 2 == 0 ? UInt8(ascii: "\r") : UInt8(ascii: "\n")
                if byte == expected {
                    matched += 1
                    if matched == 4 { return index + 1 }
                } else {
                    matched = byte == UInt8(ascii: "\r") ? 1 : 0
                }
            }
            return nil
        }
    }
}

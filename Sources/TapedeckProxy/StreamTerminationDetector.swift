import NIOCore

/// Watches an SSE byte stream on the event loop for a dispatched `message_stop` or `error` event,
/// because the proxy must decide there, without waiting on the recorder, whether a clean upstream end
/// may be passed on as a clean end (a stream without `message_stop` must reach the client
/// as a broken body, or the SDK returns a silent partial message).
struct StreamTerminationDetector {
    /// A `message_stop` event was dispatched.
    private(set) var sawMessageStop = false
    /// An `error` event was dispatched.
    private(set) var sawErrorEvent = false

    private enum Pending {
        case none
        case messageStop
        case error
    }

    /// Only `event:` lines matter and they are short, so a line is kept up to this many bytes.
    private static let lineCapacity = 24
    private var lines = SSELineSplitter()
    private var line: [UInt8] = []
    private var lineLength = 0
    private var pending = Pending.none

    /// Whether the stream said it was over (so a clean end is not a silent truncation).
    var sawTerminalEvent: Bool { sawMessageStop || sawErrorEvent }

    init() {
        line.reserveCapacity(Self.lineCapacity)
    }

    /// Scans one buffer of the stream.
    mutating func feed(_ buffer: ByteBuffer) {
        var lines = self.lines
        buffer.withUnsafeReadableBytes { bytes in
            lines.split(
                bytes,
                content: { stretch in
                    if lineLength < Self.lineCapacity {
                        line.append(contentsOf: stretch.prefix(Self.lineCapacity - lineLength))
                    }
                    lineLength += stretch.count
                }, lineEnd: { endLine() })
        }
        self.lines = lines
    }

    private mutating func endLine() {
        defer {
            line.removeAll(keepingCapacity: true)
            lineLength = 0
        }
        if lineLength == 0 {
            switch pending {
            case .messageStop: sawMessageStop = true
            case .error: sawErrorEvent = true
            case .none: break
            }
            pending = .none
            return
        }
        guard lineLength < Self.lineCapacity, line.starts(with: Self.eventPrefix) else { return }
        var name = line.dropFirst(Self.eventPrefix.count)
        if name.first == UInt8(ascii: " ") { name = name.dropFirst() }
        if name.elementsEqual(Self.messageStop) {
            pending = .messageStop
        } else if name.elementsEqual(Self.error) {
            pending = .error
        } else {
            pending = .none
        }
    }

    private static let eventPrefix = Array("event:".utf8)
    private static let messageStop = Array("message_stop".utf8)
    private static let error = Array("error".utf8)
}

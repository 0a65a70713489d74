import NIOCore

/// Counts the SSE events that end in a byte stream (a blank line after a non-blank one: LF LF, CR CR or
/// CR LF CR LF), across buffers. Used only for bytes the recorder could not keep, so their events are counted.
struct SSEBoundaryCounter: Equatable {
    private var lines = SSELineSplitter()
    private var lineHasBytes = false
    private var blockHasLines = false

    /// Counts the events `buffer` ends.
    mutating func count(_ buffer: ByteBuffer) -> Int {
        var events = 0
        var lines = self.lines
        buffer.withUnsafeReadableBytes { bytes in
            lines.split(bytes, content: { _ in lineHasBytes = true }, lineEnd: { events += endLine() })
        }
        self.lines = lines
        return events
    }

    private mutating func endLine() -> Int {
        defer { lineHasBytes = false }
        if lineHasBytes {
            blockHasLines = true
            return 0
        }
        guard blockHasLines else { return 0 }
        blockHasLines = false
        return 1
    }
}

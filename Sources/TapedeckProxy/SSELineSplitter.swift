/// Splits an SSE byte stream into lines across buffers, by the WHATWG rules (LF, CR or CR LF ends a line, and a
/// CR LF cut between two buffers is one line end): the one line state machine of the proxy's stream watchers
/// (`StreamTerminationDetector`, `SSEBoundaryCounter`), which only need each line's bytes and where it ends.
struct SSELineSplitter: Equatable {
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    /// The last buffer ended with a CR: an LF at the start of the next one belongs to the same line end.
    private var afterCR = false

    /// Calls `content` with each stretch of line bytes in `bytes` (a line cut by the end of a buffer goes on in
    /// the next call; line ends are never included) and `lineEnd` at each line end, in stream order.
    @inline(__always)
    mutating func split(
        _ bytes: UnsafeRawBufferPointer, content: (UnsafeRawBufferPointer) -> Void, lineEnd: () -> Void
    ) {
        let count = bytes.count
        guard count > 0 else { return }
        var index = 0
        if afterCR {
            afterCR = false
            if bytes[0] == Self.lf { index = 1 }
        }
        var start = index
        while index < count {
            let byte = bytes[index]
            if byte > Self.cr || (byte != Self.lf && byte != Self.cr) {
                index += 1
                continue
            }
            if index > start { content(UnsafeRawBufferPointer(rebasing: bytes[start..<index])) }
            lineEnd()
            index += 1
            if byte == Self.cr {
                if index == count {
                    afterCR = true
                } else if bytes[index] == Self.lf {
                    index += 1
                }
            }
            start = index
        }
        if start < count { content(UnsafeRawBufferPointer(rebasing: bytes[start..<count])) }
    }
}

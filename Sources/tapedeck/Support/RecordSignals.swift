import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Write end of the self-pipe the C signal handler writes to (set once, before handlers are installed).
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// SIGINT and SIGTERM as an async stream, so `record` can shut down in order (stop accepting,
/// let streams finish, flush the store) instead of dying mid-write.
///
/// A plain handler writing to a self-pipe, not a DispatchSource: on Linux those use signalfd, which
/// only sees a signal when every thread blocks it, and NIO's threads may already run without that mask.
/// `@unchecked Sendable`: immutable after `init`.
final class RecordSignals: @unchecked Sendable {
    /// Signal numbers as they arrive.
    let stream: AsyncStream<Int32>

    init(_ signals: [Int32] = [SIGINT, SIGTERM]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        self.stream = stream
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            continuation.finish()
            return
        }
        signalPipeWriteEnd = ends[1]
        for number in signals {
            signal(number) { received in
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(signalPipeWriteEnd, &byte, 1)
            }
        }
        let readEnd = ends[0]
        Thread.detachNewThread {
            var byte: UInt8 = 0
            while read(readEnd, &byte, 1) == 1 { continuation.yield(Int32(byte)) }
            continuation.finish()
        }
    }

    /// Restores the default actions (a second Ctrl-C during shutdown then quits at once).
    func cancel() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

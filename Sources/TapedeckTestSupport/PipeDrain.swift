import Foundation

/// Reads a pipe to its end on a thread of its own, so the writer never blocks on a full pipe.
final class PipeDrain: @unchecked Sendable {
    // Written once by the reading thread before `done` is signalled; read only after waiting on it.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    /// Everything the pipe carried; waits for its end (call once).
    func wait() -> Data {
        done.wait()
        return data
    }
}

import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SIGINT and SIGTERM as an async stream, so `record` can shut down in order (stop accepting,
/// let streams finish, flush the store) instead of dying mid-write.
/// `@unchecked Sendable`: `sources` is written once in `init`; DispatchSource is thread-safe.
final class RecordSignals: @unchecked Sendable {
    /// Signal numbers as they arrive.
    let stream: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]

    init(_ signals: [Int32] = [SIGINT, SIGTERM]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            // The default action would kill the process before the store is flushed.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }
        self.stream = stream
        self.sources = sources
    }

    /// Stops listening and restores the default actions.
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

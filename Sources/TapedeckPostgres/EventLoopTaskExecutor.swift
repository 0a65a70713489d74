import NIOCore

/// Runs a task's jobs on one event loop, so an async postgres-nio call (the COPY) made from a blocking thread
/// stays on its connection's loop: every await inside it resumes there, instead of hopping between the loop and
/// Swift's global executor threads for each message (which cost more CPU than the small batches themselves).
final class EventLoopTaskExecutor: TaskExecutor {
    private let eventLoop: any EventLoop

    /// An executor whose jobs run on `eventLoop`.
    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// `body`'s result, run as a task on the event loop; the calling thread (never an event loop) waits for it.
    static func wait<T: Sendable>(on eventLoop: any EventLoop, _ body: @escaping @Sendable () async throws -> T) throws
        -> T
    {
        let promise = eventLoop.makePromise(of: T.self)
        Task(executorPreference: EventLoopTaskExecutor(eventLoop)) {
            do {
                promise.succeed(try await body())
            } catch {
                promise.fail(error)
            }
        }
        return try promise.futureResult.wait()
    }
}

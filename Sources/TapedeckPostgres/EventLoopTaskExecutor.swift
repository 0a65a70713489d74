import NIOCore

/// Runs a task's jobs on one event loop, so an async postgres-nio call (the COPY) made from a blocking thread
/// stays on its connection's loop: every await inside it resumes there, instead of hopping between the loop and
/// Swift's global executor threads for each message (which cost more CPU than the small batches themselves).
@available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, *)
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
}

/// Async work awaited from a blocking thread (never an event loop), run on a given event loop where the system
/// has task executors (Linux; macOS 15), else on the global executor.
enum EventLoopTask {
    /// `body`'s result; the calling thread waits for it.
    static func wait<T: Sendable>(on eventLoop: any EventLoop, _ body: @escaping @Sendable () async throws -> T)
        throws -> T
    {
        guard #available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, *) else {
            return try eventLoop.makeFutureWithTask(body).wait()
        }
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

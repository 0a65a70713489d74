import NIOCore

/// Completes a stream's promise exactly once, whether the handler finishes the stream or the
/// connection never comes up; every call happens on the stream's event loop.
final class ProxyOutcomeSink: @unchecked Sendable {
    private let eventLoop: any EventLoop
    private let promise: EventLoopPromise<ProxyStreamOutcome>
    private var completed = false

    /// A sink whose future completes on `eventLoop`.
    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
        self.promise = eventLoop.makePromise(of: ProxyStreamOutcome.self)
    }

    /// The outcome, once completed.
    var futureResult: EventLoopFuture<ProxyStreamOutcome> { promise.futureResult }

    /// Completes with `outcome` unless already completed; must run on the event loop.
    func complete(_ outcome: ProxyStreamOutcome) {
        eventLoop.preconditionInEventLoop()
        guard !completed else { return }
        completed = true
        promise.succeed(outcome)
    }

    /// Completes from any thread (used when connecting fails before a handler exists).
    func completeSoon(_ outcome: ProxyStreamOutcome) {
        eventLoop.execute { self.complete(outcome) }
    }
}

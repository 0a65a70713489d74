import TapedeckCore

/// The protocol state of one client connection of the proxy, one exchange at a time, as a value: each input (a
/// request part, an upstream event, a timer) is a transition that returns what the handler must do. Illegal
/// transitions are refused with `.refuse`, never ignored, and every way an exchange ends goes through `.end`, so
/// `ProxyServerHandler` has one code path that flushes, releases, finishes the recording and closes, in that order.
/// Pure (no I/O, no clock), in the style of NIOHTTP1's `HTTPServerPipelineHandler.ConnectionState`.
struct ExchangeStateMachine {
    /// Where the connection is.
    enum State: Equatable {
        /// Waiting for a request head (a new connection, or a kept-alive one between exchanges).
        case idle
        /// A request head arrived; the upstream connection is being acquired and request parts are queued.
        case connecting(Request)
        /// Request parts go to the upstream; `response` says whether the client has a response head yet.
        case forwarding(Request, Response)
        /// The exchange ended before its request did: the rest of the request is read and dropped, then the
        /// connection closes (closing with request bytes unread would reset it and could lose the answer).
        case drainingRequest
        /// The connection is closed or closing; nothing more happens on it.
        case closed
    }

    /// What is known about the request of the running exchange.
    struct Request: Equatable {
        /// Whether the request's `.end` was received.
        var isComplete = false
        /// Whether the connection may carry another exchange after this one.
        var keepAlive: Bool
        /// Whether the upstream connection was taken from the pool (it may have been closed under us).
        var upstreamReused = false
        /// Whether the exchange already moved to a fresh connection once after a reused one failed.
        var retried = false
    }

    /// How far the response of the running exchange got.
    enum Response: Equatable {
        /// No response head was written to the client yet (a failure can still be answered with a 502).
        case awaitingHead
        /// The head went to the client; body bytes follow.
        case streaming
    }

    /// Why an input was refused: the state it arrived in, for a log line or a test.
    struct Refusal: Error, Equatable, CustomStringConvertible {
        /// The input that was refused.
        let input: String
        /// The state it arrived in.
        let state: State
        var description: String { "\(input) is not allowed in state \(state)" }
    }

    /// What to do with the client once an exchange has ended.
    enum ClientDisposition: Equatable {
        /// Write the response's end; the connection stays open for the next request.
        case writeEndKeepAlive
        /// Write the response's end, then close once it is written.
        case writeEndThenClose
        /// Write the response's end, read and drop the rest of the request, then close.
        case writeEndThenDrainRequest
        /// Answer 502 with `message` (no response head went out yet), then close after the write or after
        /// draining the request (`drainRequest`).
        case badGateway(message: String, drainRequest: Bool)
        /// Close at once, with no final chunk: a broken body, so the client cannot mistake a cut for an end.
        case close
        /// The client is already gone.
        case nothing
    }

    /// What to do with the upstream connection once an exchange has ended.
    enum UpstreamDisposition: Equatable {
        /// Give it back to the pool (kept only when the HTTP framing ended cleanly and keep-alive allows).
        case release
        /// Close it: the exchange ended before its response did.
        case close
    }

    /// How an exchange ended, everything the handler needs to end it.
    struct Ending: Equatable {
        /// The outcome the recording is finished with.
        let ending: OutcomeClassifier.Ending
        /// Why, when it failed (goes to the exchange's note).
        let detail: String?
        /// What happens to the upstream connection.
        let upstream: UpstreamDisposition
        /// What happens to the client connection.
        let client: ClientDisposition
    }

    /// What the handler does in answer to an input.
    enum Action: Equatable {
        /// Nothing to do.
        case none
        /// Acquire an upstream connection for the new exchange (queue request parts until it comes).
        case startExchange
        /// Queue the request part until the upstream connection is there.
        case queueForUpstream
        /// Write (and flush) the request part to the upstream.
        case forwardToUpstream
        /// Send the queued request parts on the connection that just came.
        case sendQueuedRequest
        /// Close the upstream connection that came for an exchange that is over.
        case discardUpstream
        /// Try the exchange once more on a fresh connection: the reused one failed before the request was sent.
        case retryOnFreshConnection
        /// Write the response head to the client; `closeAfter` adds `connection: close`.
        case writeResponseHead(closeAfter: Bool)
        /// Write the response body bytes to the client (and hand them to the recorder).
        case forwardToClient
        /// Read and drop this request part (the exchange is over).
        case drop
        /// End the running exchange: the one path that finishes its recording.
        case end(Ending)
        /// Close the client connection (no exchange is running).
        case close
        /// The input is illegal here; nothing changed.
        case refuse(Refusal)
    }

    /// The current state.
    private(set) var state: State = .idle
    /// Shutdown started: no exchange keeps its connection after it ends.
    private(set) var isQuiescing = false

    /// Whether an exchange is running (its recording not finished).
    var hasExchange: Bool {
        switch state {
        case .connecting, .forwarding: true
        case .idle, .drainingRequest, .closed: false
        }
    }

    // MARK: - Client inputs

    /// A request head arrived; `keepAlive` is what the request allows (HTTP/1.0 never).
    mutating func requestHead(keepAlive: Bool) -> Action {
        guard case .idle = state else { return refuse("request head") }
        state = .connecting(Request(keepAlive: keepAlive && !isQuiescing))
        return .startExchange
    }

    /// A part of the request body arrived.
    mutating func requestBody() -> Action {
        switch state {
        case .connecting: .queueForUpstream
        case .forwarding: .forwardToUpstream
        case .drainingRequest: .drop
        case .idle, .closed: refuse("request body")
        }
    }

    /// The request ended.
    mutating func requestEnd() -> Action {
        switch state {
        case .connecting(var request):
            request.isComplete = true
            state = .connecting(request)
            return .queueForUpstream
        case .forwarding(var request, let response):
            request.isComplete = true
            state = .forwarding(request, response)
            return .forwardToUpstream
        case .drainingRequest:
            state = .closed
            return .close
        case .idle, .closed:
            return refuse("request end")
        }
    }

    /// The client connection closed.
    mutating func clientClosed() -> Action {
        guard hasExchange else {
            state = .closed
            return .none
        }
        return end(.clientDisconnected, "the client closed the connection", upstream: .close, client: .nothing)
    }

    // MARK: - Upstream inputs

    /// The upstream connection for the running exchange is there (`reused`: taken from the pool).
    mutating func upstreamConnected(reused: Bool) -> Action {
        guard case .connecting(var request) = state else {
            // The exchange ended while connecting (client gone, timeout): the connection is not wanted.
            return .discardUpstream
        }
        request.upstreamReused = reused
        state = .forwarding(request, .awaitingHead)
        return .sendQueuedRequest
    }

    /// No upstream connection could be made.
    mutating func upstreamConnectFailed(message: String) -> Action {
        guard case .connecting(let request) = state else { return refuse("upstream connect failure") }
        return end(
            .upstreamUnreachable, message, upstream: .close,
            client: .badGateway(message: message, drainRequest: !request.isComplete))
    }

    /// The upstream's response head arrived.
    mutating func upstreamResponseHead() -> Action {
        guard case .forwarding(var request, .awaitingHead) = state else { return refuse("response head") }
        if isQuiescing { request.keepAlive = false }
        state = .forwarding(request, .streaming)
        return .writeResponseHead(closeAfter: !request.keepAlive)
    }

    /// Response body bytes arrived.
    mutating func upstreamResponseBody() -> Action {
        guard case .forwarding(_, .streaming) = state else { return refuse("response body") }
        return .forwardToClient
    }

    /// The upstream's response ended cleanly; `truncatedStream` when it was a successful event stream without
    /// `message_stop` or `error` (the client's body is broken then, so the SDK raises instead of returning a silent
    /// partial message).
    mutating func upstreamResponseEnd(truncatedStream: Bool) -> Action {
        guard case .forwarding(let request, .streaming) = state else { return refuse("response end") }
        if truncatedStream {
            return end(.upstreamFinished, "the stream ended without message_stop", upstream: .release, client: .close)
        }
        let client: ClientDisposition =
            !request.isComplete
            ? .writeEndThenDrainRequest : request.keepAlive && !isQuiescing ? .writeEndKeepAlive : .writeEndThenClose
        return end(.upstreamFinished, nil, upstream: .release, client: client)
    }

    /// The upstream connection failed or closed before its response ended. `unreachable` when the error says the
    /// upstream was never reached (connect, TLS); `requestSent` whether any of the request reached its socket.
    mutating func upstreamFailed(reason: String, unreachable: Bool, requestSent: Bool, target: String) -> Action {
        guard case .forwarding(var request, let response) = state else { return refuse("upstream failure") }
        switch response {
        case .streaming:
            return end(.upstreamClosed, "upstream closed mid-response: \(reason)", upstream: .close, client: .close)
        case .awaitingHead:
            if request.upstreamReused && !requestSent && !request.retried {
                // A pooled connection the upstream closed just as it was reused: nothing was sent, so the same
                // request goes once more on a fresh connection instead of failing with a 502.
                request.retried = true
                request.upstreamReused = false
                state = .connecting(request)
                return .retryOnFreshConnection
            }
            let message =
                unreachable
                ? "tapedeck: cannot connect to upstream \(target): \(reason)"
                : "tapedeck: upstream \(target) closed the connection before responding: \(reason)"
            return end(
                unreachable ? .upstreamUnreachable : .upstreamClosed, message, upstream: .close,
                client: .badGateway(message: message, drainRequest: !request.isComplete))
        }
    }

    // MARK: - Timers and shutdown

    /// No byte moved for the idle timeout (or a request head took longer than the header timeout).
    mutating func timedOut(detail: String) -> Action {
        guard hasExchange else {
            if state == .closed { return .none }
            state = .closed
            return .close
        }
        return end(.idleTimeout, detail, upstream: .close, client: .close)
    }

    /// Shutdown began: an idle connection closes now, a running exchange keeps going and closes when it ends.
    mutating func quiesce() -> Action {
        isQuiescing = true
        switch state {
        case .idle:
            state = .closed
            return .close
        case .connecting(var request):
            request.keepAlive = false
            state = .connecting(request)
            return .none
        case .forwarding(var request, let response):
            request.keepAlive = false
            state = .forwarding(request, response)
            return .none
        case .drainingRequest, .closed:
            return .none
        }
    }

    /// The shutdown grace is over: a running exchange is cut.
    mutating func shutdownNow() -> Action {
        isQuiescing = true
        guard hasExchange else {
            if state == .closed { return .none }
            state = .closed
            return .close
        }
        return end(
            .proxyShutdown, "the proxy shut down before the exchange ended", upstream: .close, client: .close)
    }

    // MARK: - Helpers

    /// Moves to the state after the exchange and returns the one action that ends it.
    private mutating func end(
        _ ending: OutcomeClassifier.Ending, _ detail: String?, upstream: UpstreamDisposition,
        client: ClientDisposition
    ) -> Action {
        switch client {
        case .writeEndKeepAlive:
            state = .idle
        case .writeEndThenDrainRequest, .badGateway(_, drainRequest: true):
            state = .drainingRequest
        case .writeEndThenClose, .badGateway(_, drainRequest: false), .close, .nothing:
            state = .closed
        }
        return .end(Ending(ending: ending, detail: detail, upstream: upstream, client: client))
    }

    private func refuse(_ input: String) -> Action {
        .refuse(Refusal(input: input, state: state))
    }
}

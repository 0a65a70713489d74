import Testing

@testable import TapedeckCore
@testable import TapedeckProxy

/// Every transition of the exchange state machine, driven directly: each way an exchange ends, and the inputs each
/// state refuses.
@Suite struct ExchangeStateMachineTests {
    typealias Machine = ExchangeStateMachine

    /// A machine with a running exchange whose response head went to the client.
    static func streaming(keepAlive: Bool = true, requestComplete: Bool = true) -> Machine {
        var machine = Machine()
        _ = machine.requestHead(keepAlive: keepAlive)
        if requestComplete { _ = machine.requestEnd() }
        _ = machine.upstreamConnected(reused: false)
        _ = machine.upstreamResponseHead()
        return machine
    }

    static func ending(_ action: Machine.Action) -> Machine.Ending? {
        if case .end(let ending) = action { return ending }
        return nil
    }

    static func isRefusal(_ action: Machine.Action) -> Bool {
        if case .refuse = action { return true }
        return false
    }

    @Test func aKeptAliveExchangeRunsToTheEndAndWaitsForTheNext() {
        var machine = Machine()
        #expect(machine.requestHead(keepAlive: true) == .startExchange)
        #expect(machine.requestBody() == .queueForUpstream)
        #expect(machine.requestEnd() == .queueForUpstream)
        #expect(machine.upstreamConnected(reused: false) == .sendQueuedRequest)
        #expect(machine.upstreamResponseHead() == .writeResponseHead(closeAfter: false))
        #expect(machine.upstreamResponseBody() == .forwardToClient)
        let ending = Self.ending(machine.upstreamResponseEnd(truncatedStream: false))
        #expect(ending == .init(ending: .upstreamFinished, detail: nil, upstream: .release, client: .writeEndKeepAlive))
        #expect(machine.state == .idle)
        #expect(!machine.hasExchange)
        #expect(machine.requestHead(keepAlive: true) == .startExchange)
    }

    @Test func requestPartsAfterTheUpstreamConnectedAreForwarded() {
        var machine = Machine()
        _ = machine.requestHead(keepAlive: true)
        _ = machine.upstreamConnected(reused: false)
        #expect(machine.requestBody() == .forwardToUpstream)
        #expect(machine.requestEnd() == .forwardToUpstream)
        #expect(machine.state == .forwarding(.init(isComplete: true, keepAlive: true), .awaitingHead))
    }

    @Test func withoutKeepAliveTheEndClosesTheConnection() {
        var machine = Self.streaming(keepAlive: false)
        let ending = Self.ending(machine.upstreamResponseEnd(truncatedStream: false))
        #expect(ending?.client == .writeEndThenClose)
        #expect(machine.state == .closed)
    }

    @Test func aHeadWithoutKeepAliveSaysConnectionClose() {
        var machine = Machine()
        _ = machine.requestHead(keepAlive: false)
        _ = machine.upstreamConnected(reused: false)
        #expect(machine.upstreamResponseHead() == .writeResponseHead(closeAfter: true))
    }

    @Test func anAnswerBeforeTheRequestEndedDrainsTheRequestThenCloses() {
        var machine = Self.streaming(requestComplete: false)
        let ending = Self.ending(machine.upstreamResponseEnd(truncatedStream: false))
        #expect(ending?.client == .writeEndThenDrainRequest)
        #expect(machine.state == .drainingRequest)
        #expect(machine.requestBody() == .drop)
        #expect(machine.requestEnd() == .close)
        #expect(machine.state == .closed)
    }

    @Test func aTruncatedStreamBreaksTheClientBodyButKeepsTheUpstream() {
        var machine = Self.streaming()
        let ending = Self.ending(machine.upstreamResponseEnd(truncatedStream: true))
        #expect(
            ending
                == .init(
                    ending: .upstreamFinished, detail: "the stream ended without message_stop", upstream: .release,
                    client: .close))
        #expect(machine.state == .closed)
    }

    @Test func anUpstreamFailureMidResponseClosesBothSides() {
        var machine = Self.streaming()
        let ending = Self.ending(
            machine.upstreamFailed(reason: "connection reset", unreachable: false, requestSent: true, target: "u"))
        #expect(ending?.ending == .upstreamClosed)
        #expect(ending?.detail == "upstream closed mid-response: connection reset")
        #expect(ending?.upstream == .close)
        #expect(ending?.client == .close)
    }

    @Test func anUpstreamFailureBeforeTheHeadAnswers502() {
        var machine = Machine()
        _ = machine.requestHead(keepAlive: true)
        _ = machine.requestEnd()
        _ = machine.upstreamConnected(reused: false)
        let ending = Self.ending(
            machine.upstreamFailed(reason: "connection closed", unreachable: false, requestSent: true, target: "u"))
        #expect(ending?.ending == .upstreamClosed)
        let message = "tapedeck: upstream u closed the connection before responding: connection closed"
        #expect(ending?.client == .badGateway(message: message, drainRequest: false))
        #expect(machine.state == .closed)
    }

    @Test func aTLSFailureIsUnreachable() {
        var machine = Machine()
        _ = machine.requestHead(keepAlive: true)
        _ = machine.upstreamConnected(reused: false)
        let ending = Self.ending(
            machine.upstreamFailed(reason: "handshake", unreachable: true, requestSent: false, target: "u"))
        #expect(ending?.ending == .upstreamUnreachable)
        #expect(
            ending?.client
                == .badGateway(message: "tapedeck: cannot connect to upstream u: handshake", drainRequest: true))
        #expect(machine.state == .drainingRequest)
    }

    @Test func aConnectFailureAnswers502() {
        var machine = Machine()
        _ = machine.requestHead(keepAlive: true)
        _ = machine.requestEnd()
        let ending = Self.ending(machine.upstreamConnectFailed(message: "refused"))
        #expect(ending?.ending == .upstreamUnreachable)
        #expect(ending?.client == .badGateway(message: "refused", drainRequest: false))
    }

    @Test func aReusedConnectionThatFailedBeforeSendingIsRetriedOnce() {
        var machine = Machine()
        _ = machine.requestHead(keepAlive: true)
        _ = machine.requestEnd()
        _ = machine.upstreamConnected(reused: true)
        #expect(
            machine.upstreamFailed(reason: "reset", unreachable: false, requestSent: false, target: "u")
                == .retryOnFreshConnection)
        #expect(machine.state == .connecting(.init(isComplete: true, keepAlive: true, retried: true)))
        #expect(machine.upstreamConnected(reused: true) == .sendQueuedRequest)
        // Only once.
        let ending = Self.ending(
            machine.upstreamFailed(reason: "reset", unreachable: false, requestSent: false, target: "u"))
        #expect(ending?.ending == .upstreamClosed)
    }

    @Test func aFreshOrSentConnectionIsNotRetried() {
        for (reused, sent) in [(false, false), (true, true)] {
            var machine = Machine()
            _ = machine.requestHead(keepAlive: true)
            _ = machine.upstreamConnected(reused: reused)
            let action = machine.upstreamFailed(reason: "reset", unreachable: false, requestSent: sent, target: "u")
            #expect(Self.ending(action) != nil)
        }
    }

    @Test func theClientClosingEndsTheExchange() {
        for var machine in [Self.streaming(), Machine()] {
            _ = machine.requestHead(keepAlive: true)
            let ending = Self.ending(machine.clientClosed())
            #expect(ending?.ending == .clientDisconnected)
            #expect(ending?.upstream == .close)
            #expect(ending?.client == .nothing)
            #expect(machine.state == .closed)
        }
        var idle = Machine()
        #expect(idle.clientClosed() == .none)
        #expect(idle.state == .closed)
    }

    @Test func aTimeoutEndsTheExchangeOrClosesAnIdleConnection() {
        var running = Self.streaming()
        let ending = Self.ending(running.timedOut(detail: "no bytes"))
        #expect(ending == .init(ending: .idleTimeout, detail: "no bytes", upstream: .close, client: .close))
        var idle = Machine()
        #expect(idle.timedOut(detail: "no bytes") == .close)
        #expect(idle.timedOut(detail: "no bytes") == .none)
    }

    @Test func quiescingClosesIdleConnectionsAndLetsRunningOnesFinish() {
        var idle = Machine()
        #expect(idle.quiesce() == .close)
        #expect(idle.state == .closed)

        var running = Machine()
        _ = running.requestHead(keepAlive: true)
        _ = running.requestEnd()
        #expect(running.quiesce() == .none)
        _ = running.upstreamConnected(reused: false)
        #expect(running.upstreamResponseHead() == .writeResponseHead(closeAfter: true))
        #expect(Self.ending(running.upstreamResponseEnd(truncatedStream: false))?.client == .writeEndThenClose)
    }

    @Test func shutdownCutsARunningExchange() {
        var running = Self.streaming()
        #expect(Self.ending(running.shutdownNow())?.ending == .proxyShutdown)
        var idle = Machine()
        #expect(idle.shutdownNow() == .close)
    }

    @Test func illegalInputsAreRefusedAndChangeNothing() {
        var idle = Machine()
        #expect(Self.isRefusal(idle.requestBody()))
        #expect(Self.isRefusal(idle.requestEnd()))
        #expect(Self.isRefusal(idle.upstreamResponseHead()))
        #expect(Self.isRefusal(idle.upstreamResponseBody()))
        #expect(Self.isRefusal(idle.upstreamResponseEnd(truncatedStream: false)))
        #expect(Self.isRefusal(idle.upstreamConnectFailed(message: "x")))
        #expect(Self.isRefusal(idle.upstreamFailed(reason: "x", unreachable: false, requestSent: false, target: "u")))
        #expect(idle.state == .idle)

        var connecting = Machine()
        _ = connecting.requestHead(keepAlive: true)
        #expect(Self.isRefusal(connecting.requestHead(keepAlive: true)))
        #expect(Self.isRefusal(connecting.upstreamResponseHead()))
        #expect(Self.isRefusal(connecting.upstreamResponseBody()))

        var streaming = Self.streaming()
        #expect(Self.isRefusal(streaming.upstreamResponseHead()))
        #expect(Self.isRefusal(streaming.requestHead(keepAlive: true)))
        #expect(streaming.state == .forwarding(.init(isComplete: true, keepAlive: true), .streaming))

        var closed = Machine()
        _ = closed.clientClosed()
        #expect(Self.isRefusal(closed.requestHead(keepAlive: true)))
    }

    @Test func aConnectionForAnExchangeThatEndedIsDiscarded() {
        var machine = Machine()
        _ = machine.requestHead(keepAlive: true)
        _ = machine.clientClosed()
        #expect(machine.upstreamConnected(reused: false) == .discardUpstream)
    }
}

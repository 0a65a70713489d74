import Testing

@testable import TapedeckCore

@Suite struct OutcomeClassifierTests {
    private func classify(
        status: Int? = 200, streaming: Bool = true, stop: Bool = false, error: Bool = false,
        _ ending: OutcomeClassifier.Ending
    ) -> ExchangeOutcome {
        OutcomeClassifier.classify(
            status: status, isStreaming: streaming, sawMessageStop: stop, sawErrorEvent: error, ending: ending)
    }

    @Test func completeNeedsMessageStop() {
        #expect(classify(stop: true, .upstreamFinished) == .complete)
        #expect(classify(stop: false, .upstreamFinished) == .upstreamDisconnect)
        #expect(classify(stop: false, .upstreamClosed) == .upstreamDisconnect)
    }

    @Test func errorEventWinsOverHowTheStreamEnded() {
        #expect(classify(error: true, .upstreamFinished) == .errorEvent)
        #expect(classify(error: true, .upstreamClosed) == .errorEvent)
    }

    @Test func httpErrorStatus() {
        #expect(classify(status: 529, streaming: false, .upstreamFinished) == .httpError)
        #expect(classify(status: 429, streaming: false, .clientDisconnected) == .httpError)
        #expect(classify(status: 399, streaming: false, .upstreamFinished) == .nonStreaming)
    }

    @Test func whoEndedTheExchange() {
        #expect(classify(.clientDisconnected) == .clientDisconnect)
        #expect(classify(.idleTimeout) == .timeout)
        #expect(classify(.proxyShutdown) == .interrupted)
        #expect(classify(status: nil, streaming: false, .idleTimeout) == .timeout)
        #expect(classify(status: nil, streaming: false, .upstreamUnreachable) == .upstreamUnreachable)
        #expect(classify(status: nil, streaming: false, .upstreamClosed) == .upstreamDisconnect)
    }

    @Test func nonStreaming() {
        #expect(classify(streaming: false, .upstreamFinished) == .nonStreaming)
        #expect(classify(streaming: false, .upstreamClosed) == .upstreamDisconnect)
        #expect(classify(streaming: false, .clientDisconnected) == .clientDisconnect)
    }

    @Test func messageStopThenClientGoneIsStillComplete() {
        #expect(classify(stop: true, .clientDisconnected) == .complete)
    }
}

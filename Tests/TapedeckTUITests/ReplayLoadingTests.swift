import Testing

@testable import TapedeckCore
@testable import TapedeckTUI

/// The exchange view while a long exchange's events arrive in pages: the pure model gets them as messages.
@Suite struct ReplayLoadingTests {
    static let width = 120
    static let height = 40

    /// A complete answer of 1,000 text deltas (1,005 events), as `replay --file` would time it.
    static func long() -> RecordedExchange {
        var body =
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_long\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-opus-4-1\",\"content\":[],\"stop_reason\":null,"
            + "\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        for word in 0..<1000 {
            body +=
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"word \(word) \"}}\n\n"
        }
        body +=
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":1001}}\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
        var exchange = RecordedExchange.fromSSEBody(Array(body.utf8), id: "long0001")
        exchange.summary.eventCount = exchange.events.count
        return exchange
    }

    /// The view state with the first `loaded` events in, the rest still to come, at `position`.
    static func loading(_ exchange: RecordedExchange, loaded: Int, at position: Int) -> ReplayState {
        var first = exchange
        first.events = Array(exchange.events.prefix(loaded))
        var timeline = Timeline(loading: first)
        timeline.seek(toPosition: position)
        return ReplayState(timeline: timeline, width: width, height: height)
    }

    /// The view state with every event in, at `position`.
    static func whole(_ exchange: RecordedExchange, at position: Int) -> ReplayState {
        var timeline = Timeline(exchange: exchange)
        timeline.seek(toPosition: position)
        return ReplayState(timeline: timeline, width: width, height: height)
    }

    /// Feeds the events after the first `loaded` to `state` in pages of `size`, the last marked.
    static func feed(_ state: ReplayState, _ exchange: RecordedExchange, from loaded: Int, size: Int) -> ReplayState {
        var state = state
        var next = loaded
        repeat {
            let end = min(exchange.events.count, next + size)
            state = update(
                state, .eventsLoaded(Array(exchange.events[next..<end]), isLast: end == exchange.events.count))
            next = end
        } while next < exchange.events.count
        return state
    }

    static func rows(_ state: ReplayState) -> [Substring] {
        SampleExchanges.text(state).split(separator: "\n", omittingEmptySubsequences: false)
    }

    @Test(arguments: [1, 2, 40, 300]) func aPartialTimelineDrawsThePanesOfTheWholeOne(position: Int) {
        let exchange = Self.long()
        let partial = Self.rows(Self.loading(exchange, loaded: position + 1, at: position))
        let whole = Self.rows(Self.whole(exchange, at: position))
        let strip = ReplayLayout(width: Self.width, height: Self.height).stripRow
        #expect(partial.count == whole.count)
        #expect(partial[0] == whole[0])
        // The panes and the key hints: everything but the event row and the strip.
        for row in 2..<partial.count where row != strip && row != strip + 1 {
            #expect(partial[row] == whole[row], "row \(row)")
        }
        #expect(partial[1].hasPrefix(" event \(position)/1005 · "))
        #expect(whole[1].hasPrefix(" event \(position)/1005 · "))
    }

    @Test func theStatusLineSaysHowFarLoadingHasGot() {
        let exchange = Self.long()
        let state = Self.loading(exchange, loaded: 300, at: 1)
        let text = SampleExchanges.text(state)
        #expect(text.contains("event 1/1005"))
        #expect(text.contains("loading 300/1,005 events"))
        #expect(state.awaitsMessages)
        let more = update(state, .eventsLoaded(Array(exchange.events[300..<700]), isLast: false))
        #expect(SampleExchanges.text(more).contains("loading 700/1,005 events"))
        let done = Self.feed(more, exchange, from: 700, size: 1000)
        #expect(!SampleExchanges.text(done).contains("loading"))
        #expect(!done.awaitsMessages)
    }

    @Test func onceEveryPageIsInTheScreenIsTheWholeOnesExactly() {
        let exchange = Self.long()
        for position in [0, 5, 600, exchange.events.count] {
            let loaded = max(1, min(position + 1, exchange.events.count))
            var state = Self.loading(exchange, loaded: loaded, at: min(position, loaded))
            state = Self.feed(state, exchange, from: loaded, size: 128)
            if position == exchange.events.count { state.timeline.seekToEnd() }
            #expect(SampleExchanges.text(state) == SampleExchanges.text(Self.whole(exchange, at: position)))
        }
    }

    @Test func aFailedPageKeepsTheScreenAndSaysWhy() {
        let exchange = Self.long()
        let state = Self.loading(exchange, loaded: 50, at: 20)
        let failed = update(state, .eventLoadFailed("reading events of long0001: connection reset"))
        let text = SampleExchanges.text(failed)
        #expect(text.contains("✖ loading stopped at 50/1,005 events: reading events of long0001: connection reset"))
        #expect(!text.contains("loading 50/1,005"))
        #expect(!failed.awaitsMessages)
        let partialRows = Self.rows(failed)
        let wholeRows = Self.rows(Self.whole(exchange, at: 20))
        for row in 2..<20 { #expect(partialRows[row] == wholeRows[row], "row \(row)") }
        // A page that turns up after the failure changes nothing.
        let late = update(failed, .eventsLoaded(Array(exchange.events[50...]), isLast: true))
        #expect(late.timeline.eventCount == 50)
        #expect(!late.timeline.isLoaded)
        #expect(update(failed, .key(.character("G"))).timeline.position == 50)
        #expect(
            update(update(failed, .key(.character("G"))), .key(.right)).notice
                == "no later event in the 50 events read before loading failed")
    }

    @Test func stepsPastTheLoadedEventsStopThereAndSaySo() {
        let exchange = Self.long()
        let state = Self.loading(exchange, loaded: 10, at: 9)
        let stepped = update(state, .key(.right))
        #expect(stepped.timeline.position == 10)
        #expect(stepped.notice == nil)
        let blocked = update(stepped, .key(.right))
        #expect(blocked.timeline.position == 10)
        #expect(blocked.notice == "no later event loaded yet (10 events so far)")
        #expect(update(blocked, .key(.character("e"))).notice == "no later anomaly loaded yet (10 events so far)")
        let next = update(blocked, .eventsLoaded(Array(exchange.events[10..<20]), isLast: false))
        #expect(update(next, .key(.right)).timeline.position == 11)
    }

    @Test func theEndKeyWaitsForTheLastPage() {
        let exchange = Self.long()
        let state = update(Self.loading(exchange, loaded: 100, at: 3), .key(.character("G")))
        #expect(state.timeline.position == 100)
        #expect(state.goesToEndWhenLoaded)
        let more = update(state, .eventsLoaded(Array(exchange.events[100..<500]), isLast: false))
        #expect(more.timeline.position == 100)
        let done = update(more, .eventsLoaded(Array(exchange.events[500...]), isLast: true))
        #expect(done.timeline.position == exchange.events.count)
        #expect(SampleExchanges.text(done) == SampleExchanges.text(Self.whole(exchange, at: exchange.events.count)))
        // Another move before the end arrives cancels the wait.
        let moved = update(state, .key(.left))
        #expect(!moved.goesToEndWhenLoaded)
        #expect(Self.feed(moved, exchange, from: 100, size: 1000).timeline.position == 99)
    }

    @Test func theLoopTakesPagesFromItsInboxAndDrawsThem() {
        let exchange = Self.long()
        let state = Self.loading(exchange, loaded: 5, at: 2)
        let pages: [[ReplayMessage]] = [
            [.eventsLoaded(Array(exchange.events[5..<400]), isLast: false)],
            [],
            [.eventsLoaded(Array(exchange.events[400...]), isLast: true)],
        ]
        var terminal = ScriptedTerminal(width: Self.width, height: Self.height, keys: [nil, nil, nil, .character("q")])
        var delivered = 0
        let final = TerminalProgram.run(state, terminal: &terminal) {
            defer { delivered += 1 }
            return delivered < pages.count ? pages[delivered] : []
        }
        #expect(final.timeline.isLoaded)
        #expect(final.timeline.eventCount == exchange.events.count)
        #expect(terminal.drawn.first?.contains("loading 5/1,005 events") == true)
        #expect(terminal.drawn.contains { $0.contains("loading 400/1,005 events") })
        #expect(terminal.drawn.last?.contains("loading") == false)
        // While pages were awaited the loop looked every frame, not every quarter second.
        #expect(terminal.timeouts.prefix(3).allSatisfy { $0 == TerminalProgram.frameMilliseconds })
    }
}

/// A terminal that answers reads from a script (nil: no key within the timeout) and keeps every screen drawn.
private struct ScriptedTerminal: Terminal {
    var size: (width: Int, height: Int)
    var usesColor: Bool { false }
    var keys: [TerminalKey?]
    var drawn: [String] = []
    var timeouts: [Int] = []

    init(width: Int, height: Int, keys: [TerminalKey?]) {
        size = (width, height)
        self.keys = keys
    }

    mutating func draw(_ screen: Screen) { drawn.append(screen.plainText) }

    mutating func readInput(timeoutMilliseconds: Int) -> TerminalInput? {
        timeouts.append(timeoutMilliseconds)
        guard timeoutMilliseconds > 0 else { return nil }
        guard !keys.isEmpty else { return .key(.character("q")) }
        return keys.removeFirst().map { .key($0) }
    }

    mutating func restore() {}
}

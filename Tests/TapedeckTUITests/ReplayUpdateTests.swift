import Testing

@testable import TapedeckCore
@testable import TapedeckTUI

/// Key sequences on the pure model: no terminal involved.
@Suite struct ReplayUpdateTests {
    private func send(_ state: ReplayState, _ keys: [TerminalKey]) -> ReplayState {
        keys.reduce(state) { update($0, .key($1)) }
    }

    @Test func stepKeysMoveTheCursorAndPause() throws {
        var state = try SampleExchanges.state("thinking_text", at: 0, width: 120, height: 40)
        state.timeline.play()
        state = send(state, [.character("l"), .right, .character("l")])
        #expect(state.timeline.position == 3)
        #expect(!state.timeline.isPlaying)
        state = send(state, [.character("h"), .left])
        #expect(state.timeline.position == 1)
        state = send(state, [.character("G")])
        #expect(state.timeline.position == state.timeline.eventCount)
        state = send(state, [.character("g")])
        #expect(state.timeline.position == 0)
    }

    @Test func blockKeysJumpBetweenStartsAndStops() throws {
        let state = try SampleExchanges.state("thinking_text", at: 0, width: 120, height: 40)
        let boundaries = state.timeline.blockBoundaries
        let after = send(state, [.character("]"), .character("]")])
        #expect(after.timeline.position == boundaries[1])
        #expect(send(after, [.character("[")]).timeline.position == boundaries[0])
    }

    @Test func anAnomalyKeyWithNothingThereSaysSoUntilTheNextKey() throws {
        let state = try SampleExchanges.state("thinking_text", at: 0, width: 80, height: 24)
        let back = send(state, [.character("E")])
        #expect(back.notice == "no earlier anomaly in this exchange")
        var screen = Screen(width: 80, height: 24)
        ReplayView.render(back, into: &screen)
        #expect(screen.plainText.split(separator: "\n").last?.contains("no earlier anomaly in this exchange") == true)
        #expect(send(back, [.character("l")]).notice == nil)
        #expect(send(send(state, [.character("G")]), [.character("e")]).notice == "no later anomaly in this exchange")
    }

    @Test func anomalyKeysJumpToTheErrorAndTheEnd() throws {
        let state = try SampleExchanges.state("error_midstream", at: 0, width: 120, height: 40)
        let first = send(state, [.character("e")])
        #expect(first.timeline.currentEvent?.type == "error")
        #expect(first.timeline.anomaliesAtCursor.map(\.kind).contains(.errorEvent))
        let back = send(send(state, [.character("G")]), [.character("E")])
        #expect(back.timeline.position == back.timeline.eventCount)  // nothing before the error
        #expect(send(back, [.character("e")]).timeline.position == back.timeline.eventCount)
    }

    @Test func speedKeys() throws {
        let state = try SampleExchanges.state("text_basic", at: 0, width: 80, height: 24)
        #expect(send(state, [.character("+"), .character("+")]).timeline.speed == 5)
        #expect(send(state, [.character("-")]).timeline.speed == 0.5)
        #expect(send(state, [.character("+"), .character("0")]).timeline.speed == 1)
    }

    @Test func spaceTogglesPlayingAndTicksAdvance() throws {
        var state = try SampleExchanges.state("text_basic", at: 0, width: 80, height: 24)
        state = send(state, [.character(" ")])
        #expect(state.timeline.isPlaying)
        state = update(state, .tick(nowNanos: 1_000_000_000))
        state = update(state, .tick(nowNanos: 1_000_000_000 + 400_000_000))
        #expect(state.timeline.position >= 2)
        state = send(state, [.character(" ")])
        #expect(!state.timeline.isPlaying)
    }

    @Test func overlaysToggleAndEscapeCloses() throws {
        let state = try SampleExchanges.state("text_basic", at: 3, width: 80, height: 24)
        #expect(send(state, [.character("r")]).overlay == .raw)
        #expect(send(state, [.character("r"), .character("r")]).overlay == nil)
        #expect(send(state, [.character("d")]).overlay == .diagnostics)
        #expect(send(state, [.character("?"), .character("d")]).overlay == .diagnostics)
        #expect(send(state, [.character("?"), .escape]).overlay == nil)
    }

    @Test func tabCyclesFocusAndScrollIsClamped() throws {
        var state = try SampleExchanges.state("long_session", at: 3000, width: 80, height: 24)
        #expect(state.focus == .text)
        state = send(state, [.tab])
        #expect(state.focus == .tools)
        state = send(state, [.tab, .tab])
        #expect(state.focus == .text)
        state = send(state, [.backTab])
        #expect(state.focus == .thinking)
        state = send(state, [.up, .up, .up])
        #expect(state.scrollBack(of: .thinking) == 3)
        state = send(state, [.down])
        #expect(state.scrollBack(of: .thinking) == 2)
        // Page up until the pane stops moving (bounded), then it must sit exactly at the limit.
        var presses = 0
        while presses < 10_000 {
            let before = state.scrollBack(of: .thinking)
            state = send(state, [.pageUp])
            presses += 1
            if state.scrollBack(of: .thinking) == before { break }
        }
        let limit = ReplayView.maxScrollBack(state, pane: .thinking)
        #expect(limit > 0)
        #expect(state.scrollBack(of: .thinking) == limit)
        state = send(state, [.character("l")])
        #expect(state.scrollBack(of: .thinking) == 0)  // stepping follows the cursor again
        let small = try SampleExchanges.state("text_basic", at: nil, width: 80, height: 24)
        #expect(send(small, [.up, .up]).scrollBack(of: .text) == 0)  // nothing to scroll
    }

    @Test func resizeChangesLayoutAndQuitQuits() throws {
        let state = try SampleExchanges.state("text_basic", at: nil, width: 120, height: 40)
        let narrow = update(state, .resize(width: 70, height: 20))
        #expect(narrow.width == 70 && narrow.height == 20)
        #expect(ReplayLayout(width: narrow.width, height: narrow.height).isStacked)
        #expect(!ReplayLayout(width: 120, height: 40).isStacked)
        #expect(send(state, [.character("q")]).shouldQuit)
        #expect(send(state, [.interrupt]).shouldQuit)
        let tiny = SampleExchanges.text(update(state, .resize(width: 20, height: 5)))
        #expect(tiny.contains("terminal too small"))
    }

    @Test func statusBarLabelsPartialExchanges() throws {
        let cut = try SampleExchanges.state("cut_before_stop", at: nil, width: 120, height: 40)
        let text = SampleExchanges.text(cut)
        #expect(text.contains("PARTIAL · upstream_disconnect"))
        #expect(text.contains("end of partial stream"))
        let complete = SampleExchanges.text(try SampleExchanges.state("text_basic", at: nil, width: 120, height: 40))
        #expect(complete.contains("COMPLETE"))
        #expect(!complete.contains("PARTIAL"))
    }

    @Test func snapshotEqualsRender() throws {
        let exchange = try SampleExchanges.exchange("tool_use_single")
        let state = try SampleExchanges.state("tool_use_single", at: 10, width: 90, height: 30)
        #expect(ReplayApp.snapshot(exchange: exchange, at: 10, width: 90, height: 30) == SampleExchanges.text(state))
    }
}

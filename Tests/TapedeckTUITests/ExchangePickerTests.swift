import Testing

@testable import TapedeckCore
@testable import TapedeckTUI

@Suite struct ExchangePickerTests {
    private func summaries() -> [ExchangeSummary] {
        [
            ExchangeSummary(
                id: "aaaa111111", startedAtNanos: 1_764_000_000_000_000_000, method: "POST", path: "/v1/messages",
                model: "claude-sonnet-4-5", outcome: .complete, eventCount: 58),
            ExchangeSummary(
                id: "bbbb222222", startedAtNanos: 1_764_000_060_000_000_000, method: "POST", path: "/v1/messages",
                model: "claude-opus-4-1", outcome: .upstreamDisconnect, eventCount: 12),
            ExchangeSummary(
                id: "cccc333333", startedAtNanos: 1_764_000_120_000_000_000, method: "POST", path: "/v1/messages",
                model: "claude-haiku-4-5", outcome: .errorEvent, eventCount: 7),
        ]
    }

    private func send(_ state: ExchangePickerState, _ keys: [TerminalKey]) -> ExchangePickerState {
        keys.reduce(state) { update($0, .key($1)) }
    }

    @Test func arrowsMoveAndEnterChooses() {
        let state = ExchangePickerState(exchanges: summaries(), width: 120, height: 20)
        let moved = send(state, [.down, .down, .down, .up])
        #expect(moved.selection == 1)
        #expect(send(moved, [.enter]).chosen == "bbbb222222")
        #expect(send(state, [.up]).selection == 0)
        #expect(send(state, [.character("q")]).cancelled)
    }

    @Test func slashFiltersAndEnterPicksFromTheFilteredList() {
        let state = ExchangePickerState(exchanges: summaries(), width: 120, height: 20)
        let filtered = send(state, [.character("/"), .character("o"), .character("p"), .character("u"), .enter])
        #expect(!filtered.isEditingFilter)
        #expect(filtered.visible.map(\.id) == ["bbbb222222"])
        #expect(send(filtered, [.enter]).chosen == "bbbb222222")
        let byOutcome = send(state, [.character("/")] + "error".map { .character($0) })
        #expect(byOutcome.visible.map(\.id) == ["cccc333333"])
        let cleared = send(byOutcome, [.escape])
        #expect(cleared.filter.isEmpty && cleared.visible.count == 3)
        let nothing = send(state, [.character("/"), .character("z"), .enter, .enter])
        #expect(nothing.chosen == nil)
    }

    @Test func viewListsExchangesLikeLs() {
        var state = ExchangePickerState(exchanges: summaries(), width: 100, height: 8)
        state.selection = 2
        var screen = Screen(width: 100, height: 8)
        render(state, into: &screen)
        let text = screen.plainText
        #expect(text.contains("choose an exchange (3 of 3)"))
        #expect(text.contains("aaaa111111   2025-11-24 16:00:00  claude-sonnet-4-5"))
        #expect(text.contains("PARTIAL upstream_disconnect"))
        #expect(text.contains("enter replay"))
        #expect(screen[4, 0].style.reverse)  // the selected row is highlighted
    }
}

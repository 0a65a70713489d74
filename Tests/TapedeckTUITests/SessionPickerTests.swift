import Testing

@testable import TapedeckCore
@testable import TapedeckTUI

@Suite struct SessionPickerTests {
    private func items() -> [SessionPickerItem] {
        func exchange(_ id: String, _ at: Int64, _ outcome: ExchangeOutcome, attempt: Int = 1) -> ExchangeSummary {
            ExchangeSummary(
                id: id, startedAtNanos: at, method: "POST", path: "/v1/messages", model: "claude-sonnet-4-5",
                outcome: outcome, attempt: attempt)
        }
        let base: Int64 = 1_764_000_000_000_000_000
        return [
            SessionPickerItem(
                summary: SessionSummary(
                    id: "aaaa111111", grouping: .claudeCodeHeader, client: "Claude Code 2.1.86", startedAtNanos: base),
                figures: SessionFigures(exchanges: [
                    exchange("a1", base, .complete), exchange("a2", base + 1, .complete),
                ])),
            SessionPickerItem(
                summary: SessionSummary(
                    id: "bbbb222222", grouping: .inferred, client: "anthropic-python 2.14.0",
                    startedAtNanos: base + 60_000_000_000),
                figures: SessionFigures(exchanges: [
                    exchange("b1", base, .httpError), exchange("b2", base + 1, .complete, attempt: 2),
                    exchange("b3", base + 2, .upstreamDisconnect),
                ])),
            SessionPickerItem(
                summary: SessionSummary(id: "cccc333333", grouping: .record, startedAtNanos: base + 120_000_000_000),
                figures: SessionFigures(exchanges: [exchange("c1", base, .errorEvent)])),
        ]
    }

    private func send(_ state: SessionPickerState, _ keys: [TerminalKey]) -> SessionPickerState {
        keys.reduce(state) { update($0, .key($1)) }
    }

    @Test func arrowsMoveAndEnterChooses() {
        let state = SessionPickerState(sessions: items(), width: 120, height: 20)
        let moved = send(state, [.down, .down, .down, .up])
        #expect(moved.selection == 1)
        #expect(send(moved, [.enter]).chosen == "bbbb222222")
        #expect(send(state, [.up]).selection == 0)
        #expect(send(state, [.character("q")]).cancelled)
        #expect(send(state, [.character("Q")]).cancelled)
    }

    @Test func reopenedKeepsFilterAndSelectionButNotTheChoice() {
        let state = SessionPickerState(sessions: items(), width: 120, height: 20)
        let chosen = send(state, [.character("/"), .character("p"), .character("y"), .enter, .enter])
        #expect(chosen.chosen == "bbbb222222")
        let again = chosen.reopened()
        #expect(again.chosen == nil && !again.cancelled)
        #expect(again.filter == "py" && again.visible.map(\.summary.id) == ["bbbb222222"])
    }

    @Test func slashFiltersByClientOutcomeAndModel() {
        let state = SessionPickerState(sessions: items(), width: 120, height: 20)
        let python = send(state, [.character("/")] + "python".map { .character($0) } + [.enter])
        #expect(!python.isEditingFilter)
        #expect(python.visible.map(\.summary.id) == ["bbbb222222"])
        let byOutcome = send(state, [.character("/")] + "error_event".map { .character($0) })
        #expect(byOutcome.visible.map(\.summary.id) == ["cccc333333"])
        let byModel = send(state, [.character("/")] + "sonnet".map { .character($0) })
        #expect(byModel.visible.count == 3)
        let cleared = send(byOutcome, [.escape])
        #expect(cleared.filter.isEmpty && cleared.visible.count == 3)
        let nothing = send(state, [.character("/"), .character("z"), .enter, .enter])
        #expect(nothing.chosen == nil)
    }

    @Test func viewListsSessionsLikeLs() {
        var state = SessionPickerState(sessions: items(), width: 120, height: 8)
        state.selection = 2
        var screen = Screen(width: 120, height: 8)
        render(state, into: &screen)
        let text = screen.plainText
        #expect(text.contains("choose a session (3 of 3)"))
        #expect(
            text.contains("session     started (UTC)        client                    exchanges  turns  worst outcome"))
        #expect(
            text.contains("aaaa111111  2025-11-24 16:00:00  Claude Code 2.1.86                2      2  COMPLETE"))
        #expect(
            text.contains(
                "bbbb222222  2025-11-24 16:01:00  anthropic-python 2.14.0           3      2  "
                    + "PARTIAL upstream_disconnect (2 failed)"))
        #expect(text.contains("(2 failed)"))
        #expect(text.contains("enter replay"))
        #expect(screen[4, 0].style.reverse)  // the selected row is highlighted
    }
}

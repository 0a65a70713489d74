import Testing

@testable import TapedeckCore
@testable import TapedeckTUI

/// Key sequences on the session view's pure model: no terminal involved.
@Suite struct SessionUpdateTests {
    private func state(width: Int = 120, height: Int = 40, fromPicker: Bool = false) throws -> SessionReplayState {
        SessionReplayState(
            session: SessionTimeline(session: try SampleSession.session()), width: width, height: height,
            openedFromPicker: fromPicker)
    }

    private func send(_ state: SessionReplayState, _ keys: [TerminalKey]) -> SessionReplayState {
        keys.reduce(state) { update($0, .key($1)) }
    }

    @Test func anAnomalyKeyWithNothingEarlierInTheSessionSaysSo() throws {
        let start = try state()
        #expect(send(start, [.character("E")]).notice == "no earlier anomaly in this session")
        #expect(send(start, [.character("e")]).notice == nil)
    }

    @Test func sessionTurnsFollowTheToolLoop() throws {
        let session = try SampleSession.session()
        let rows = session.turns.map { TurnInputSummary.label($0) + " " + TurnInputSummary.line($0.newInput) }
        #expect(
            rows == [
                #"T1 user: "What is the weather like in San Francisco?""#, "T2 tool_result", "T2#2 tool_result",
                "T3 tool_result ×2 (1 error)", #"2·T1 user: "Write a 5-word title for this conversation.""#,
                #"T4 user: "fix the test, then run it again""#,
            ])
        #expect(
            session.turns.map(\.gapBeforeNanos) == [
                nil, 3_000_000_000, 500_000_000, 4_000_000_000, 100_000_000, 42_000_000_000,
            ])
    }

    @Test func nAndPMoveBetweenTurnsAndShowTheWholeAnswer() throws {
        let start = try state()
        let next = send(start, [.character("n"), .character("n")])
        #expect(next.session.turnIndex == 2)
        #expect(next.session.timeline.isAtEnd)
        #expect(send(next, [.character("p")]).session.turnIndex == 1)
        #expect(send(start, [.character("p")]).session.turnIndex == 0)
        let last = send(start, Array(repeating: .character("n"), count: 9))
        #expect(last.session.turnIndex == 5)
    }

    @Test func arrowsOnTheTurnListChooseTurnsAndScrollPanesOtherwise() throws {
        let start = try state()
        #expect(start.focus == .turns)
        let down = send(start, [.down, .down, .down, .up])
        #expect(down.session.turnIndex == 2)
        let panes = send(down, [.enter])
        #expect(panes.focus == .pane(.text))
        #expect(send(panes, [.down]).session.turnIndex == 2)
        #expect(send(panes, [.enter]).focus == .turns)
        let cycled = send(start, [.tab, .tab, .tab])
        #expect(cycled.focus == .pane(.tools))
        #expect(send(cycled, [.tab]).focus == .turns)
        #expect(send(cycled, [.character("i"), .tab]).focus == .request)
        #expect(send(start, [.backTab]).focus == .pane(.tools))
    }

    @Test func qGoesBackToThePickerOnlyWhenOpenedFromItAndQQuits() throws {
        #expect(send(try state(fromPicker: true), [.character("q")]).exit == .backToPicker)
        #expect(send(try state(fromPicker: true), [.character("Q")]).exit == .quit)
        #expect(send(try state(), [.character("q")]).exit == .quit)
        #expect(send(try state(fromPicker: true), [.interrupt]).exit == .quit)
        let help = send(try state(), [.character("?"), .character("q")])
        #expect(help.overlay == nil && help.exit == nil)  // q closes an open box first
    }

    @Test func xShowsTheTurnsExchangeFullScreenAndComesBack() throws {
        let start = send(try state(fromPicker: true), [.character("n"), .character("n"), .character("x")])
        #expect(start.showsExchange)
        let stepped = send(start, [.character("g"), .character("l"), .character("l")])
        #expect(stepped.session.timeline.position == 2)
        #expect(stepped.session.turnIndex == 2)
        let back = send(stepped, [.character("q")])
        #expect(!back.showsExchange && back.exit == nil)
        #expect(back.session.timeline.position == 2)
        #expect(send(stepped, [.character("x")]).showsExchange == false)
        #expect(send(stepped, [.character("Q")]).exit == .quit)
        let help = send(stepped, [.character("?")])
        #expect(help.overlay == .help && help.showsExchange)
        #expect(send(help, [.character("q")]).showsExchange && send(help, [.character("q")]).overlay == nil)
    }

    @Test func anomalyKeysWalkTheWholeSession() throws {
        var visited: [String] = []
        var current = try state()
        for _ in 0..<5 {
            current = send(current, [.character("e")])
            let session = current.session
            let kinds = session.anomaliesAtCursor.map(\.kind.rawValue).joined(separator: ",")
            visited.append("\(session.turnIndex)@\(session.timeline.position):\(kinds)")
        }
        #expect(
            visited == [
                "1@0:failed", "2@0:retry", "5@6:diagnostic,partial", "5@6:diagnostic,partial", "5@6:diagnostic,partial",
            ])
        let back = send(current, [.character("E"), .character("E")])
        #expect(back.session.turnIndex == 1)
    }

    @Test func requestPaneShowsTheNewInputAndTheContextOnDemand() throws {
        let turn3 = send(try state(), [.character("n"), .character("n"), .character("n"), .character("i")])
        #expect(turn3.showsRequest)
        let text = SessionGoldenTests.text(turn3)
        #expect(text.contains("▸ tool_result toolu_01Ddz6qXM9WJmS5K2ZoZzJjx · is_error"))
        #expect(text.contains("s: system prompt (82 characters) and 2 tools"))
        let context = SessionGoldenTests.text(send(turn3, [.character("s")]))
        #expect(context.contains("You are a concise travel assistant."))
        #expect(context.contains("• find_places — Search for places near a landmark"))
    }

    @Test func spacePlaysTheSessionAcrossTurns() throws {
        var current = send(try state(), [.character("g"), .character(" ")])
        #expect(current.session.isPlaying)
        // Turn 1's last event arrives at 0.94 s; then the 3 s the tool ran before turn 2's request.
        current = update(current, .tick(nowNanos: 1))
        current = update(current, .tick(nowNanos: 2_000_000_001))
        #expect(current.session.turnIndex == 1)
        #expect(current.session.isPlaying)
        #expect(current.session.timeline.leadRemainingNanos == 1_940_000_000)
        #expect(SessionGoldenTests.text(current).contains("waiting 1.94s before this request (3.00s after"))
        current = update(current, .tick(nowNanos: 4_000_000_001))
        #expect(current.session.turnIndex == 2)
        current = send(current, [.character(" ")])
        #expect(!current.session.isPlaying)
    }
}

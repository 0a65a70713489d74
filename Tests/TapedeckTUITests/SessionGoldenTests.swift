import Foundation
import Testing

@testable import TapedeckCore
@testable import TapedeckTUI

/// Whole screens of the session view compared with text files under Golden/. Regenerate after an intended change
/// with `TAPEDECK_UPDATE_GOLDEN=1 swift test --filter SessionGoldenTests` and review the diff.
@Suite struct SessionGoldenTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var turn: Int
        var position: Int?
        var width: Int
        var height: Int
        var keys: [TerminalKey] = []

        var file: String { "session_\(name)@t\(turn + 1)_\(position.map(String.init) ?? "end")_\(width)x\(height).txt" }
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(name: "first", turn: 0, position: nil, width: 80, height: 24),
        Case(name: "first", turn: 0, position: nil, width: 120, height: 40),
        Case(name: "overloaded", turn: 1, position: nil, width: 80, height: 24),
        Case(name: "retry_request", turn: 2, position: 20, width: 120, height: 40, keys: [.character("i")]),
        Case(name: "tool_results", turn: 3, position: 20, width: 80, height: 24, keys: [.character("i"), .tab]),
        Case(name: "cut_context", turn: 5, position: nil, width: 120, height: 40, keys: [.character("s")]),
        Case(name: "help", turn: 0, position: nil, width: 80, height: 24, keys: [.character("?")]),
        Case(name: "exchange", turn: 2, position: nil, width: 80, height: 24, keys: [.character("x")]),
        Case(name: "narrow", turn: 3, position: nil, width: 60, height: 16),
    ]

    static func text(_ state: SessionReplayState) -> String {
        var screen = Screen(width: state.width, height: state.height)
        render(state, into: &screen)
        return screen.plainText
    }

    @Test(arguments: cases)
    func screenMatchesGolden(_ golden: Case) throws {
        var timeline = SessionTimeline(session: try SampleSession.session())
        timeline.select(turn: golden.turn, position: golden.position)
        var state = SessionReplayState(session: timeline, width: golden.width, height: golden.height)
        for key in golden.keys { state = update(state, .key(key)) }
        let text = Self.text(state)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(CellWidth.of(String(line)) <= golden.width, "a row is wider than the screen: \(line)")
        }
        try GoldenScreen.check(text, file: golden.file)
    }

    @Test func keyHintsKeepHelpAndQuitAt80Columns() throws {
        for width in [80, 60] {
            let state = SessionReplayState(
                session: SessionTimeline(session: try SampleSession.session()), width: width, height: 24)
            let footer = Self.text(state).split(separator: "\n", omittingEmptySubsequences: false)[23]
            #expect(footer.contains("? help") && footer.contains("q quit"), "\(footer)")
            var fromPicker = state
            fromPicker.openedFromPicker = true
            let back = Self.text(fromPicker).split(separator: "\n", omittingEmptySubsequences: false)[23]
            #expect(back.contains("? help") && back.contains("q back") && back.contains("Q quit"), "\(back)")
        }
        let exchange = try SampleExchanges.state("thinking_text", at: nil, width: 80, height: 24)
        let footer = SampleExchanges.text(exchange).split(separator: "\n", omittingEmptySubsequences: false)[23]
        #expect(footer.contains("? help") && footer.contains("q quit"), "\(footer)")
    }
}

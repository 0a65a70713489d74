import Foundation
import Testing

@testable import TapedeckCore
@testable import TapedeckTUI

/// Whole screens compared with text files under Golden/. Regenerate after an intended change with
/// `TAPEDECK_UPDATE_GOLDEN=1 swift test --filter ReplayGoldenTests` and review the diff.
@Suite struct ReplayGoldenTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var sample: String
        var position: Int?
        var width: Int
        var height: Int
        var overlay: ReplayOverlay? = nil
        var keys: [TerminalKey] = []

        var file: String {
            var name = "\(sample)@\(position.map(String.init) ?? "end")_\(width)x\(height)"
            if let overlay { name += "_\(overlay)" }
            if !keys.isEmpty { name += "_keys" }
            return name + ".txt"
        }
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(sample: "thinking_text", position: 12, width: 120, height: 40),
        Case(sample: "thinking_text", position: nil, width: 80, height: 24),
        Case(sample: "thinking_text", position: 5, width: 60, height: 20, overlay: .raw),
        Case(sample: "tool_use_parallel", position: 30, width: 120, height: 40),
        Case(sample: "tool_use_parallel", position: nil, width: 80, height: 24),
        Case(sample: "tool_use_single", position: nil, width: 60, height: 20),
        Case(sample: "error_midstream", position: nil, width: 120, height: 40, overlay: .diagnostics),
        Case(sample: "cut_before_stop", position: nil, width: 80, height: 24, overlay: .raw),
        Case(sample: "unicode", position: nil, width: 80, height: 24),
        Case(sample: "redacted_thinking", position: nil, width: 120, height: 40),
        Case(sample: "server_tool_web_search", position: nil, width: 120, height: 40),
        Case(sample: "unknown_event", position: nil, width: 80, height: 24, overlay: .help),
        Case(sample: "long_session", position: 3000, width: 120, height: 40),
        Case(sample: "long_session", position: 3000, width: 80, height: 24, keys: [.tab, .up, .up, .pageUp]),
    ]

    @Test(arguments: cases)
    func screenMatchesGolden(_ golden: Case) throws {
        var state = try SampleExchanges.state(
            golden.sample, at: golden.position, width: golden.width, height: golden.height)
        state.overlay = golden.overlay
        for key in golden.keys { state = update(state, .key(key)) }
        let text = SampleExchanges.text(state)
        try GoldenScreen.check(text, file: golden.file)
    }
}

import Foundation
import TapedeckCore
import TapedeckTUI

/// Sessions from the repository's Samples, with the same synthetic timing as `replay --file`.
enum SampleSessions {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func session(_ name: String) throws -> RecordedSession {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("Samples/\(name).sse"))
        return RecordedSession.fromSSEBody(Array(data), id: name)
    }

    static func state(_ name: String, at position: Int?, width: Int, height: Int) throws -> ReplayState {
        var timeline = Timeline(session: try session(name))
        timeline.seek(toPosition: position ?? timeline.eventCount)
        return ReplayState(timeline: timeline, width: width, height: height)
    }

    static func text(_ state: ReplayState) -> String {
        var screen = Screen(width: state.width, height: state.height)
        render(state, into: &screen)
        return screen.plainText
    }
}

import Foundation
import TapedeckCore
import TapedeckTUI
import TapedeckTestSupport

/// Exchanges from the repository's Samples, with the same synthetic timing as `replay --file`.
enum SampleExchanges {
    static let repositoryRoot = Repository.root

    static func exchange(_ name: String) throws -> RecordedExchange {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("Samples/\(name).sse"))
        return RecordedExchange.fromSSEBody(Array(data), id: name)
    }

    static func state(_ name: String, at position: Int?, width: Int, height: Int) throws -> ReplayState {
        var timeline = Timeline(exchange: try exchange(name))
        timeline.seek(toPosition: position ?? timeline.eventCount)
        return ReplayState(timeline: timeline, width: width, height: height)
    }

    static func text(_ state: ReplayState) -> String {
        var screen = Screen(width: state.width, height: state.height)
        render(state, into: &screen)
        return screen.plainText
    }
}

import Foundation
import TapedeckTestSupport
import Testing

/// Golden screens under Tests/TapedeckTUITests/Golden: compared, or rewritten with TAPEDECK_UPDATE_GOLDEN=1.
enum GoldenScreen {
    /// Records an issue when `text` differs from the golden file (or the file is missing).
    static func check(_ text: String, file: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = Repository.url("Tests/TapedeckTUITests/Golden/\(file)")
        if ProcessInfo.processInfo.environment["TAPEDECK_UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record(
                "missing golden \(file): run with TAPEDECK_UPDATE_GOLDEN=1 and review it",
                sourceLocation: sourceLocation)
            return
        }
        #expect(text == expected, "screen differs from Golden/\(file)", sourceLocation: sourceLocation)
    }
}

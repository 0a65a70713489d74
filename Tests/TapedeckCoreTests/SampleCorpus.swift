import Foundation
import TapedeckTestSupport
import Testing

/// The Samples/ directory (Anthropic streams with known answers), for any test in this target.
enum SampleCorpus {
    /// One `Samples/manifest.json` entry.
    struct Entry: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let description: String
        let complete: Bool
        /// `complete`, `error_event` or `truncated`.
        let outcome: String

        var testDescription: String { name }
    }

    static let directory: URL = Repository.samples

    /// Every sample listed in the manifest; empty (and the tests that iterate it then fail on
    /// their own count check) if the manifest cannot be read.
    static let entries: [Entry] = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("manifest.json")) else { return [] }
        return (try? JSONDecoder().decode([Entry].self, from: data)) ?? []
    }()

    static var names: [String] { entries.map(\.name) }

    /// The exact bytes of `NAME.sse`.
    static func body(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent("\(name).sse")))
    }

    /// The text of `NAME.expected.json` (the Python SDK's final message for the sample).
    static func expectedJSON(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent("\(name).expected.json"), encoding: .utf8)
    }

    /// The text of `NAME.request.json`.
    static func requestJSON(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent("\(name).request.json"), encoding: .utf8)
    }
}

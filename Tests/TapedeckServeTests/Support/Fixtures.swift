import Foundation
import TapedeckServe
import TapedeckTestSupport

/// Paths and samples shared by the tests, found from this file's location.
enum Fixtures {
    /// Samples/ in the package root.
    static let samplesDirectory = Repository.samples

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// The library from Samples/; fails loudly when the directory holds no samples.
    static func library() throws -> SampleLibrary {
        let library = try SampleLibrary(directory: samplesDirectory)
        guard !library.samples.isEmpty else {
            throw Missing(description: "no *.sse samples in \(samplesDirectory.path)")
        }
        return library
    }

    /// A small inline stream with CRLF, a comment and a multi-byte character, for tests that must
    /// not depend on Samples/.
    static let inlineSample = Sample(
        name: "inline",
        sse: Array(
            (": hello\r\nevent: message_start\r\ndata: {\"type\":\"message_start\"}\r\n\r\n"
                + "event: content_block_delta\ndata: {\"text\":\"h\u{e9}llo \u{1F30D}\"}\n\n"
                + "event: ping\ndata: {}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n").utf8),
        expected: Array(#"{"type":"message","content":[]}"#.utf8)
    )
}

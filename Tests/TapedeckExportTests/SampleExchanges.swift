import Foundation
import TapedeckCore
import TapedeckTestSupport

@testable import TapedeckExport

/// Deterministic exchanges built from the shared Samples/ (NAME.sse + NAME.request.json), timed as if
/// the first byte came at 200 ms and the stream ended at 1.2 s, with fixed ids and start times so
/// golden files never change by themselves.
enum SampleExchanges {
    static let samplesDirectory = Repository.samples

    /// Fixtures live outside the test target so SwiftPM does not see them as unhandled resources.
    static let fixturesDirectory = Repository.url("Tests/ExportFixtures")

    static let goldenDirectory = fixturesDirectory.appendingPathComponent("Golden")

    /// 2026-11-25T12:00:00Z.
    static let startedAtNanos: Int64 = 1_795_608_000 * 1_000_000_000

    /// Every sample name in the manifest order.
    static func names() throws -> [String] {
        let data = try Data(contentsOf: samplesDirectory.appendingPathComponent("manifest.json"))
        let manifest = try JSONValue.parse(bytes: [UInt8](data))
        return (manifest.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    }

    static func bytes(_ name: String, _ suffix: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: samplesDirectory.appendingPathComponent(name + suffix)))
    }

    /// The sample as a recorded exchange with id `id`.
    static func exchange(_ name: String, id: String = "0123abcdef") throws -> RecordedExchange {
        let exchange = ImportedExchange(
            startedAtNanos: startedAtNanos,
            requestHeaders: [
                HeaderField(name: "content-type", value: "application/json"),
                HeaderField(name: "x-api-key", value: HeaderRedactor.marker(for: "sk-ant-test")),
                HeaderField(name: "anthropic-version", value: "2023-06-01"),
            ],
            requestBody: try bytes(name, ".request.json"), status: 200,
            responseHeaders: [HeaderField(name: "content-type", value: "text/event-stream; charset=utf-8")],
            isStreaming: true, responseBody: try bytes(name, ".sse"),
            timing: .spread(firstByteNanos: 200_000_000, endNanos: 1_200_000_000), source: "Samples/\(name).sse")
        return exchange.recorded(id: id)
    }

    /// Compares `actual` with the golden file `name`; with TAPEDECK_UPDATE_GOLDEN=1 rewrites it instead.
    static func matchesGolden(_ actual: String, _ name: String) throws -> Bool {
        let url = goldenDirectory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["TAPEDECK_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: goldenDirectory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return true
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        return expected == actual
    }

    /// A fresh temporary directory for one test.
    static func temporaryDirectory() throws -> URL {
        try makeTemporaryDirectory("tapedeck-export")
    }
}

import Foundation
import TapedeckCore
import TapedeckStore
import Testing

@testable import TapedeckExport

/// `import` applies the recorder's secret rule to imported headers and query strings, with `--redact-header`.
@Suite("Import redaction")
struct ImportRedactionTests {
    @Test("HAR and JSONL with a query key, x-goog-api-key and a configured header store no secret")
    func importedSecretsAreRedacted() async throws {
        let directory = try SampleExchanges.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let randoms = (0..<3).map { _ in UUID().uuidString }
        var exchange = try SampleExchanges.exchange("thinking_text", id: "abc1230001")
        exchange.summary.query = "beta=true&key=sk-\(randoms[0])"
        exchange.summary.requestHeaders += [
            HeaderField(name: "x-goog-api-key", value: "goog-\(randoms[1])"),
            HeaderField(name: "x-team", value: "team-\(randoms[2])"),
        ]
        let har = directory.appendingPathComponent("capture.har")
        try Data(HARExporter.export([exchange]).utf8).write(to: har)
        let jsonl = directory.appendingPathComponent("capture.jsonl")
        try Data(JSONLExporter.export([exchange]).utf8).write(to: jsonl)
        let store = try TapedeckStore(path: directory.appendingPathComponent("i.sqlite").path)
        let redactor = HeaderRedactor(additionalNames: ["X-Team"])

        for file in [har, jsonl] {
            let result = await StoreImport.importFile(file.path, into: store, redactor: redactor)
            #expect(result.error == nil, "\(String(describing: result.error))")
            let summary = try #require(result.exchanges.first)
            #expect(summary.query == "beta=true&key=\(HeaderRedactor.marker(for: "sk-\(randoms[0])"))")
            let headers = Dictionary(
                summary.requestHeaders.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            #expect(headers["x-goog-api-key"] == HeaderRedactor.marker(for: "goog-\(randoms[1])"))
            #expect(headers["x-team"] == HeaderRedactor.marker(for: "team-\(randoms[2])"))
        }
        var raw = Data()
        for suffix in ["", "-wal", "-shm"] {
            if let data = FileManager.default.contents(atPath: store.path + suffix) { raw.append(data) }
        }
        #expect(raw.count > 0)
        for random in randoms {
            #expect(raw.range(of: Data(random.utf8)) == nil, "part of a secret reached the database")
        }
    }
}

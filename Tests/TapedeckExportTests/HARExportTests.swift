import Foundation
import TapedeckCore
import TapedeckTestSupport
import Testing

@testable import TapedeckExport

@Suite("HAR export")
struct HARExportTests {
    @Test("every sample's HAR validates against the HAR 1.2 JSON schema (python3 jsonschema)")
    func schemaValidation() throws {
        let directory = try SampleExchanges.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String] = []
        var all: [RecordedExchange] = []
        for (position, name) in try SampleExchanges.names().enumerated() {
            let exchange = try SampleExchanges.exchange(name, id: String(format: "cc%08x", position))
            all.append(exchange)
            let url = directory.appendingPathComponent("\(name).har")
            try Data(HARExporter.export(exchange).utf8).write(to: url)
            paths.append(url.path)
        }
        var unreachable = try SampleExchanges.exchange("text_basic", id: "dd00000000")
        unreachable.summary.status = nil
        unreachable.summary.outcome = .upstreamUnreachable
        unreachable.summary.query = "beta=true&x=a%20b"
        all.append(unreachable)
        let combined = directory.appendingPathComponent("all.har")
        try Data(HARExporter.export(all).utf8).write(to: combined)
        paths.append(combined.path)

        let (status, output) = try runValidator(paths)
        #expect(status == 0, "schema errors:\n\(output)")
    }

    @Test("the validator rejects a HAR that breaks the schema, so the check above can fail")
    func validatorRejectsBadHAR() throws {
        let directory = try SampleExchanges.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("bad.har")
        try Data(#"{"log":{"version":"1.2","creator":{"name":"x"},"entries":[{"time":-5}]}}"#.utf8).write(to: url)
        let (status, output) = try runValidator([url.path])
        #expect(status != 0)
        #expect(output.contains("'version' is a required property"))
    }

    @Test("structure: version, creator, request, response content is the SSE body, timings add up")
    func structure() throws {
        let exchange = try SampleExchanges.exchange("thinking_text")
        let har = try JSONValue.parse(HARExporter.export(exchange))
        #expect(har["log"]?["version"]?.stringValue == "1.2")
        #expect(har["log"]?["creator"]?["name"]?.stringValue == "tapedeck")
        let entry = try #require(har["log"]?["entries"]?[0])
        #expect(entry["startedDateTime"]?.stringValue == "2026-11-25T12:00:00.000Z")
        #expect(entry["request"]?["method"]?.stringValue == "POST")
        #expect(entry["request"]?["url"]?.stringValue == "https://api.anthropic.com/v1/messages")
        #expect(
            entry["request"]?["postData"]?["text"]?.stringValue
                == String(decoding: exchange.summary.requestBody, as: UTF8.self))
        #expect(entry["request"]?["headersSize"]?.intValue == -1)
        #expect(entry["request"]?["bodySize"]?.intValue == exchange.summary.requestBody.count)
        let apiKey = entry["request"]?["headers"]?.arrayValue?.first { $0["name"]?.stringValue == "x-api-key" }
        #expect(apiKey?["value"]?.stringValue.map(HeaderRedactor.isMarker) == true)
        #expect(entry["response"]?["status"]?.intValue == 200)
        #expect(entry["response"]?["statusText"]?.stringValue == "OK")
        #expect(
            entry["response"]?["content"]?["text"]?.stringValue
                == String(decoding: exchange.responseBody, as: UTF8.self)
        )
        #expect(entry["response"]?["content"]?["size"]?.intValue == exchange.responseBody.count)
        #expect(entry["response"]?["content"]?["mimeType"]?.stringValue == "text/event-stream; charset=utf-8")
        let timings = try #require(entry["timings"])
        #expect(timings["send"]?.doubleValue == 0)
        #expect(timings["wait"]?.doubleValue == 200)
        #expect(timings["receive"]?.doubleValue == 1_000)
        #expect(entry["time"]?.doubleValue == 1_200)
        #expect(entry["cache"] == .object([:]))
    }

    private func runValidator(_ paths: [String]) throws -> (Int32, String) {
        let run = try ProcessRunner.run(
            command: "python3",
            [SampleExchanges.fixturesDirectory.appendingPathComponent("validate_har.py").path] + paths)
        return (run.status, run.stdout + run.stderr)
    }
}

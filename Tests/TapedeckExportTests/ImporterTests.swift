import Foundation
import TapedeckCore
import TapedeckStore
import Testing

@testable import TapedeckExport

@Suite("Importers")
struct ImporterTests {
    @Test("a .sse file with NAME.request.json beside it becomes one exchange with the request and derived outcome")
    func sseWithRequest() throws {
        let directory = try SampleExchanges.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sse = directory.appendingPathComponent("tool_use_single.sse")
        try Data(try SampleExchanges.bytes("tool_use_single", ".sse")).write(to: sse)
        let request = try SampleExchanges.bytes("tool_use_single", ".request.json")
        try Data(request).write(to: directory.appendingPathComponent("tool_use_single.request.json"))

        let exchanges = try ExchangeImporter.read(path: sse.path)
        #expect(exchanges.count == 1)
        let exchange = try #require(exchanges.first)
        #expect(exchange.summary.requestBody == request)
        #expect(exchange.summary.outcome == .complete)
        #expect(exchange.summary.stopReason == "tool_use")
        #expect(exchange.summary.isStreaming)
        #expect(exchange.summary.status == 200)
        #expect(exchange.summary.ttftNanos == nil)
        #expect(exchange.summary.durationNanos == nil)
        #expect(exchange.events.allSatisfy { $0.offsetNanos == 0 })
        #expect(exchange.responseBody == (try SampleExchanges.bytes("tool_use_single", ".sse")))
        #expect(exchange.summary.note == "imported from \(sse.path)")
    }

    @Test("outcomes of imported streams: error event, cut stream")
    func derivedOutcomes() throws {
        let error = try SSEImporter.parse(
            try SampleExchanges.bytes("error_midstream", ".sse"), file: "e.sse", startedAtNanos: 0, id: "e0")
        #expect(error.summary.outcome == .errorEvent)
        #expect(error.summary.errorType == "overloaded_error")
        let cut = try SSEImporter.parse(
            try SampleExchanges.bytes("cut_before_stop", ".sse"), file: "c.sse", startedAtNanos: 0, id: "c0")
        #expect(cut.summary.outcome == .upstreamDisconnect)
        #expect(!cut.trailingBytes.isEmpty)
    }

    @Test("HAR: export → import keeps request, body bytes, status, outcome and first byte/duration timings")
    func harRoundTrip() throws {
        let originals = [
            try SampleExchanges.exchange("thinking_text"), try SampleExchanges.exchange("cut_before_stop"),
        ]
        let har = HARExporter.export(originals)
        var ids = ["aaaa000001", "aaaa000002"].makeIterator()
        let imported = try HARImporter.parse(Array(har.utf8), file: "x.har", makeID: { ids.next() ?? "ffff" })
        #expect(imported.count == 2)
        for (original, copy) in zip(originals, imported) {
            #expect(copy.responseBody == original.responseBody)
            #expect(copy.summary.requestBody == original.summary.requestBody)
            #expect(copy.summary.outcome == original.summary.outcome)
            #expect(copy.summary.status == 200)
            #expect(copy.summary.startedAtNanos == original.summary.startedAtNanos)
            #expect(copy.summary.firstByteNanos == 200_000_000)
            #expect(copy.summary.durationNanos == 1_200_000_000)
            #expect(copy.events.map(\.type) == original.events.map(\.type))
            #expect(copy.events.map(\.offsetNanos) == original.events.map(\.offsetNanos))
            #expect(copy.summary.ttftNanos == original.summary.ttftNanos)
        }
        #expect(imported[0].summary.id == "aaaa000001")
        #expect(imported[0].summary.note == "imported from x.har entry 1")
    }

    @Test("HAR: only /v1/messages entries are imported; secrets in headers are redacted")
    func harFiltersAndRedacts() throws {
        let body = String(decoding: try SampleExchanges.bytes("text_basic", ".sse"), as: UTF8.self)
        func entry(_ url: String) -> JSONValue {
            .object([
                "startedDateTime": "2026-11-25T12:00:00.000Z", "time": 50,
                "request": .object([
                    "method": "POST", "url": .string(url), "httpVersion": "HTTP/2",
                    "headers": .array([.object(["name": "x-api-key", "value": "sk-ant-secret-123"])]),
                ]),
                "response": .object([
                    "status": 200, "headers": .array([]),
                    "content": .object(["size": 1, "mimeType": "text/event-stream", "text": .string(body)]),
                ]),
                "timings": .object(["send": 1, "wait": 9, "receive": 40]),
            ])
        }
        let document: JSONValue = .object([
            "log": .object([
                "version": "1.2", "creator": .object(["name": "devtools", "version": "1"]),
                "entries": .array([
                    entry("https://example.com/index.html"), entry("https://api.anthropic.com/v1/messages?beta=true"),
                ]),
            ])
        ])
        let exchanges = try HARImporter.parse(Array(document.serialized().utf8), file: "d.har")
        #expect(exchanges.count == 1)
        let exchange = try #require(exchanges.first)
        #expect(exchange.summary.query == "beta=true")
        #expect(exchange.summary.outcome == .complete)
        #expect(exchange.summary.firstByteNanos == 10_000_000)
        #expect(exchange.summary.durationNanos == 50_000_000)
        let key = exchange.summary.requestHeaders.first { $0.name == "x-api-key" }?.value ?? ""
        #expect(HeaderRedactor.isMarker(key))
        #expect(!JSONLExporter.export(exchange).contains("sk-ant-secret-123"))
    }

    @Test("HAR: a 429 JSON answer becomes an http_error exchange with the error type and the body kept")
    func harHTTPError() throws {
        let body =
            #"{"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit"}}"#
        let document: JSONValue = .object([
            "log": .object([
                "version": "1.2", "creator": .object(["name": "x", "version": "1"]),
                "entries": .array([
                    .object([
                        "startedDateTime": "2026-11-25T12:00:00.5+00:00", "time": 30,
                        "request": .object([
                            "method": "POST", "url": "http://127.0.0.1:8787/v1/messages", "headers": .array([]),
                            "postData": .object(["mimeType": "application/json", "text": #"{"model":"m-1"}"#]),
                        ]),
                        "response": .object([
                            "status": 429,
                            "headers": .array([.object(["name": "content-type", "value": "application/json"])]),
                            "content": .object(["size": 1, "mimeType": "application/json", "text": .string(body)]),
                        ]),
                        "timings": .object(["send": 0, "wait": 30, "receive": 0]),
                    ])
                ]),
            ])
        ])
        let exchange = try #require(try HARImporter.parse(Array(document.serialized().utf8), file: "r.har").first)
        #expect(exchange.summary.outcome == .httpError)
        #expect(exchange.summary.status == 429)
        #expect(!exchange.summary.isStreaming)
        #expect(exchange.summary.errorType == "rate_limit_error")
        #expect(exchange.summary.model == "m-1")
        #expect(exchange.summary.startedAtNanos == 1_795_608_000_500_000_000)
        #expect(exchange.events.isEmpty)
        #expect(exchange.responseBody == Array(body.utf8))
    }

    @Test(
        "bad files: the error names the file and the problem",
        arguments: [
            ("broken.jsonl", "{\"type\":\"exchange\",\n", "broken.jsonl: line 1: not JSON (invalid JSON at byte"),
            ("shape.jsonl", "[1,2]\n", "shape.jsonl: line 1: expected a JSON object, found array"),
            (
                "orphan.jsonl", "{\"type\":\"event\",\"seq\":0}\n",
                "orphan.jsonl: line 1: an event line before any \"exchange\" line"
            ),
            ("empty.jsonl", "\n\n", "empty.jsonl: no exchanges in this file"),
            ("notjson.har", "<html>", "notjson.har: not JSON (invalid JSON at byte 0"),
            ("nolog.har", "{\"entries\":[]}", "nolog.har: no \"log\" object at the top level; this is not a HAR file"),
            (
                "noentries.har", "{\"log\":{\"entries\":[]}}",
                "noentries.har: none of its 0 entries is a request to /v1/messages"
            ),
            ("text.sse", "hello world", "text.sse: no SSE events found"),
            ("empty.sse", "", "empty.sse: the file is empty; expected an SSE body"),
            ("mystery.bin", "PK\u{3}\u{4}", "mystery.bin: unknown format; tapedeck imports .sse (event stream), .har"),
        ])
    func badFiles(_ name: String, _ content: String, _ expectedPrefix: String) throws {
        let directory = try SampleExchanges.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent(name)
        try Data(content.utf8).write(to: url)
        do {
            _ = try ExchangeImporter.read(path: url.path)
            Issue.record("\(name) was accepted")
        } catch {
            let message = error.description.replacingOccurrences(of: directory.path + "/", with: "")
            #expect(message.hasPrefix(expectedPrefix), "got: \(message)")
        }
    }

    @Test("a missing file and a bad request JSON beside an .sse are named")
    func missingAndBadRequest() throws {
        let directory = try SampleExchanges.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("nope.sse").path
        #expect(throws: ImportError(file: missing, problem: "no such file")) {
            try ExchangeImporter.read(path: missing)
        }
        let sse = directory.appendingPathComponent("a.sse")
        try Data(try SampleExchanges.bytes("text_basic", ".sse")).write(to: sse)
        try Data("{not json".utf8).write(to: directory.appendingPathComponent("a.request.json"))
        do {
            _ = try ExchangeImporter.read(path: sse.path)
            Issue.record("a bad request JSON was accepted")
        } catch {
            #expect(error.file.hasSuffix("a.request.json"))
            #expect(error.problem.hasPrefix("the request beside \(sse.path) is not JSON"))
        }
    }

    @Test("a jsonl whose third exchange is bad imports nothing from that file")
    func jsonlBadLaterExchange() throws {
        let good = JSONLExporter.export([
            try SampleExchanges.exchange("text_basic", id: "a000000001"),
            try SampleExchanges.exchange("pings", id: "a000000002"),
        ])
        let bad = good + "{\"type\":\"exchange\",\"id\":\"a000000003\"}\n"
        #expect(throws: ImportError.self) { try JSONLImporter.parse(Array(bad.utf8), file: "x.jsonl") }
        do {
            _ = try JSONLImporter.parse(Array(bad.utf8), file: "x.jsonl")
        } catch {
            #expect(
                error.description == "x.jsonl: line \(good.split(separator: "\n").count + 1): missing \"started_at\"")
        }
    }

    @Test("store import: an exchange already stored is skipped and named; a different one under its id is refused")
    func storeImportAtomic() async throws {
        let directory = try SampleExchanges.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TapedeckStore(path: directory.appendingPathComponent("t.sqlite").path)
        let first = try SampleExchanges.exchange("text_basic", id: "b000000001")
        let second = try SampleExchanges.exchange("thinking_text", id: "b000000002")
        let third = try SampleExchanges.exchange("cut_before_stop", id: "b000000003")

        let one = directory.appendingPathComponent("one.jsonl")
        try Data(JSONLExporter.export([first]).utf8).write(to: one)
        let okResult = await StoreImport.importFile(one.path, into: store)
        #expect(okResult.error == nil)
        #expect(okResult.exchanges.map(\.id) == ["b000000001"])

        // A different recording under an id already stored: the whole file is refused, nothing overwritten.
        var impostor = try SampleExchanges.exchange("tool_use_single", id: "b000000001")
        impostor.summary.startedAtNanos += 1
        let conflicting = directory.appendingPathComponent("conflict.jsonl")
        try Data(JSONLExporter.export([second, impostor]).utf8).write(to: conflicting)
        let failed = await StoreImport.importFile(conflicting.path, into: store)
        #expect(failed.exchanges.isEmpty)
        #expect(failed.error?.problem.contains("exchange b000000001 is already stored with different content") == true)
        #expect(failed.error?.problem.contains("nothing from this file was imported") == true)
        #expect(try store.exchanges().map(\.id) == ["b000000001"])

        // second and third are new and first is the same recording already stored: it is skipped and named.
        let overlapping = directory.appendingPathComponent("overlap.jsonl")
        try Data(JSONLExporter.export([second, third, first]).utf8).write(to: overlapping)
        let partly = await StoreImport.importFile(overlapping.path, into: store)
        #expect(partly.error == nil)
        #expect(partly.exchanges.map(\.id) == ["b000000002", "b000000003"])
        #expect(partly.alreadyStored == ["b000000001"])
        #expect(Set(try store.exchanges().map(\.id)) == ["b000000001", "b000000002", "b000000003"])

        // The stored exchange reads back exactly as exported, plus the session the store grouped it into.
        var stored = try store.loadExchange(id: "b000000001")
        #expect(stored.summary.sessionID != nil && stored.summary.turn == 1)
        stored.summary.sessionID = nil
        stored.summary.threadID = nil
        stored.summary.turn = nil
        stored.summary.continues = nil
        #expect(stored == first)
    }

    @Test("jsonl → store → jsonl is identical")
    func storeRoundTrip() async throws {
        let directory = try SampleExchanges.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TapedeckStore(path: directory.appendingPathComponent("r.sqlite").path)
        var exchanges: [RecordedExchange] = []
        for (position, name) in ["thinking_text", "cut_before_stop", "error_midstream", "unicode"].enumerated() {
            var exchange = try SampleExchanges.exchange(name, id: "c00000000\(position)")
            exchange.summary.startedAtNanos += Int64(position) * 1_000
            exchanges.append(exchange)
        }
        let exported = JSONLExporter.export(exchanges)
        let file = directory.appendingPathComponent("s.jsonl")
        try Data(exported.utf8).write(to: file)
        #expect(await StoreImport.importFile(file.path, into: store).error == nil)
        let reloaded = try store.exchanges(ExchangeFilter(order: .oldestFirst)).map {
            try store.loadExchange(id: $0.id)
        }
        #expect(JSONLExporter.export(reloaded) == exported)
    }
}

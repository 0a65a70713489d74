import Foundation
import TapedeckTestSupport
import Testing

@testable import TapedeckCore
@testable import TapedeckProxy
@testable import TapedeckServe
@testable import TapedeckStore

/// The official Python SDK through the proxy: same final messages as recorded, same exceptions as direct.
@Suite(.timeLimit(.minutes(1))) struct SDKInteropTests {
    static let completeSamples = [
        "text_basic", "thinking_text", "tool_use_single", "tool_use_parallel", "server_tool_web_search",
        "redacted_thinking", "citations", "unicode", "pings", "unknown_event", "max_tokens", "long_session",
        "crlf_comments",
    ]

    @Test func sdkThroughProxyMatchesRecordingsAndDirectErrors() async throws {
        _ = try PythonVenv.interpreter()
        let samplesDirectory = Repository.samples
        let library = try SampleLibrary(directory: samplesDirectory)
        var scenarios: [MockScenario] = []
        for (index, name) in Self.completeSamples.enumerated() {
            scenarios.append(.stream(try library.sample(name), chunking: .random(seed: UInt64(index + 1))))
        }
        let errorScenarios: [(scenario: MockScenario, request: String)] = [
            (.stream(try library.sample("error_midstream"), chunking: .random(seed: 3)), "error_midstream"),
            (.stream(try library.sample("cut_before_stop"), ending: .cut), "cut_before_stop"),
            (.overloaded(), "text_basic"),
            (.rateLimited(), "text_basic"),
        ]
        scenarios += errorScenarios.map(\.scenario)
        let mock = try await MockUpstream.start(scenarios: scenarios)
        let mockPort = try #require(await mock.port)
        let harness = try await ProxyHarness(upstreamPort: mockPort)
        let proxyURL = "http://127.0.0.1:\(harness.proxy.port)"
        let mockURL = "http://127.0.0.1:\(mockPort)"

        var cases: [[String: Any]] = []
        func addCase(_ name: String, _ scenario: String, _ request: String, _ baseURL: String) {
            cases.append([
                "name": name, "base_url": baseURL,
                "request": samplesDirectory.appendingPathComponent("\(request).request.json").path,
                "headers": [MockUpstream.scenarioHeader: scenario],
            ])
        }
        for name in Self.completeSamples { addCase(name, name, name, proxyURL) }
        for (scenario, request) in errorScenarios {
            addCase(scenario.name, scenario.name, request, proxyURL)
            addCase("direct:" + scenario.name, scenario.name, request, mockURL)
        }
        let results = try await runSDK(cases: cases)

        await harness.recorder.flush()
        let exchanges = try harness.store.exchanges().map { try harness.store.loadExchange(id: $0.id) }
        var byScenario: [String: RecordedExchange] = [:]
        for exchange in exchanges {
            if let scenario = exchange.summary.requestHeaders.first(where: {
                $0.name.lowercased() == MockUpstream.scenarioHeader
            }) {
                byScenario[scenario.value] = exchange
            }
        }

        for name in Self.completeSamples {
            let result = try #require(results[name], "no SDK result for \(name)")
            #expect(result["outcome"]?.stringValue == "message", "\(name): \(result.serialized())")
            let exchange = try #require(byScenario[name], "no recorded exchange for \(name)")
            #expect(exchange.summary.outcome == .complete, "\(name)")
            #expect(exchange.responseBody == (try library.sample(name)).sse, "\(name): stored body differs")
            var parser = SSEParser()
            var assembler = MessageAssembler()
            for event in parser.feed(exchange.responseBody) { assembler.apply(event) }
            assembler.finish(trailing: parser.finish())
            let recorded = assembler.message.messageJSON().serialized(pretty: false, sortedKeys: true)
            let fromSDK = result["message"]?.serialized(pretty: false, sortedKeys: true)
            #expect(recorded == fromSDK, "\(name): the SDK's final message differs from the recording")
        }
        let expectedOutcomes: [String: ExchangeOutcome] = [
            "error_midstream": .errorEvent, "cut_before_stop": .upstreamDisconnect,
            "overloaded": .httpError, "rate_limited": .httpError,
        ]
        for (scenario, _) in errorScenarios {
            let name = scenario.name
            let proxied = try #require(results[name], "no SDK result for \(name)")
            let direct = try #require(results["direct:" + name], "no direct SDK result for \(name)")
            #expect(proxied["outcome"]?.stringValue == "exception", "\(name): \(proxied.serialized())")
            #expect(proxied["type"] == direct["type"], "\(name): \(proxied.serialized()) vs \(direct.serialized())")
            #expect(proxied["status"] == direct["status"], "\(name)")
            if let expected = expectedOutcomes[name] {
                #expect(byScenario[name]?.summary.outcome == expected, "\(name)")
            }
        }

        await harness.shutdown()
        await mock.shutdown()
    }

    /// A stream that ends cleanly without message_stop is a silent partial message for the SDK;
    /// through the proxy the body must be broken so the SDK raises instead.
    @Test func cleanEndWithoutMessageStopBecomesAnSDKTransportError() async throws {
        _ = try PythonVenv.interpreter()
        let upstream = try await TestUpstream { _ in
            .stream([SampleStream.withoutStop])
        }
        let harness = try await ProxyHarness(upstreamPort: upstream.port)
        let request = Repository.samples.appendingPathComponent("text_basic.request.json").path
        let cases: [[String: Any]] = [
            ["name": "direct", "base_url": "http://127.0.0.1:\(upstream.port)", "request": request],
            ["name": "proxied", "base_url": "http://127.0.0.1:\(harness.proxy.port)", "request": request],
        ]
        let results = try await runSDK(cases: cases)
        let direct = try #require(results["direct"])
        let proxied = try #require(results["proxied"])
        #expect(direct["outcome"]?.stringValue == "message", "\(direct.serialized())")
        #expect(direct["message"]?["stop_reason"]?.stringValue == "end_turn")
        #expect(proxied["outcome"]?.stringValue == "exception", "\(proxied.serialized())")
        #expect(proxied["is_transport"]?.boolValue == true, "\(proxied.serialized())")
        let exchange = try await harness.nextExchange()
        #expect(exchange.summary.outcome == .upstreamDisconnect)
        await harness.shutdown()
        await upstream.shutdown()
    }

    private func runSDK(cases: [[String: Any]]) async throws -> [String: JSONValue] {
        let casesFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tapedeck-interop-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: cases).write(to: casesFile)
        defer { try? FileManager.default.removeItem(at: casesFile) }
        let run = try await PythonVenv.run(script: "Tests/Interop/sdk_through_proxy.py", [casesFile.path])
        #expect(run.status == 0, "sdk_through_proxy.py failed: \(run.stderr)")
        var results: [String: JSONValue] = [:]
        for line in run.stdout.split(separator: "\n") {
            let value = try JSONValue.parse(String(line))
            if let name = value["name"]?.stringValue { results[name] = value }
        }
        return results
    }
}

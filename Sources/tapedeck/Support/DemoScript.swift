import Foundation
import TapedeckServe

/// The requests the demo sends and the mock scenarios that answer them: one of each kind of
/// stream a user meets in production, plus a failed request retried (a retry chain).
struct DemoScript: Sendable {
    /// One request of the demo.
    struct Step: Sendable {
        var label: String
        var scenario: String
        var body: [UInt8]
    }

    /// Requests that run concurrently, like a busy client.
    var concurrent: [Step]
    /// Requests that run one after the other, in order (a failure and its retry).
    var sequential: [Step]
    /// Everything the mock upstream can answer.
    var scenarios: [MockScenario]

    /// Builds the script from the embedded samples, with timing scaled by `scale` (1 = realistic).
    static func make(library: SampleLibrary, scale: Double) throws -> DemoScript {
        let timing: MockTiming = scale <= 0 ? .instant : .realistic(scale: scale, seed: 42)
        var scenarios: [MockScenario] = []
        var concurrent: [Step] = []
        let streams: [(String, String)] = [
            ("text_basic", "plain text"),
            ("thinking_text", "thinking, then text"),
            ("tool_use_parallel", "parallel tool calls"),
            ("server_tool_web_search", "web search with citations"),
            ("error_midstream", "error event mid-stream"),
            ("cut_before_stop", "stream cut before message_stop"),
        ]
        for (seed, (name, label)) in streams.enumerated() {
            let sample = try library.sample(name)
            scenarios.append(
                .stream(sample, timing: timing, chunking: .random(seed: UInt64(seed + 1))))
            concurrent.append(Step(label: label, scenario: name, body: sample.request ?? Array("{}".utf8)))
        }
        // The same request twice: overloaded (529) first, then answered. The store links the
        // second to the first as attempt 2 of a retry chain.
        let unicode = try library.sample("unicode")
        scenarios.append(.overloaded())
        scenarios.append(.stream(unicode, timing: timing, chunking: .random(seed: 99)))
        let body = unicode.request ?? Array("{}".utf8)
        let sequential = [
            Step(label: "overloaded (HTTP 529)", scenario: "overloaded", body: body),
            Step(label: "retry of it: unicode text", scenario: "unicode", body: body),
        ]
        return DemoScript(concurrent: concurrent, sequential: sequential, scenarios: scenarios)
    }
}

import ArgumentParser
import Foundation
import TapedeckCore
import TapedeckStore

/// `tapedeck-bench grouping`: what grouping exchanges into sessions adds to the recorder's CPU per event, measured
/// as the same agent-shaped workload recorded with grouping on and off in interleaved rounds.
struct GroupingBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grouping",
        abstract: "Measure the recorder's CPU per event with session grouping on and off (target: under +5%).",
        discussion: """
            Several tool-loop conversations record at once through one ExchangeRecorder, turn after turn: each \
            request re-sends the whole conversation (so bodies grow to tens of KB, as an agent's do), each \
            answer is a text block and a tool call streamed as --events events. Rounds alternate grouping off \
            and on, each into a fresh file; the figure is the median process CPU per event of each, and their \
            ratio. Example: swift run -c release tapedeck-bench grouping --conversations 10 --turns 100
            """
    )

    @Option(help: "Concurrent conversations, e.g. 10.")
    var conversations = 10

    @Option(help: "Turns per conversation, e.g. 100.")
    var turns = 100

    @Option(help: "Events per answer, e.g. 200.")
    var events = 200

    @Option(help: "Rounds of each (off, on), interleaved, e.g. 3.")
    var rounds = 3

    func validate() throws {
        guard conversations > 0, turns > 0, events > 4, rounds > 0 else {
            throw ValidationError("--conversations, --turns, --rounds must be positive and --events above 4.")
        }
    }

    func run() async throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "tapedeck-grouping-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let template = IngestBench.makeEvents(count: events)
        let total = conversations * turns * events
        print(
            "\(conversations) conversations × \(turns) turns × \(events) events = \(total) events; "
                + "last request body \(Self.body(conversation: 0, turn: turns - 1).count) bytes")
        var off: [Double] = []
        var on: [Double] = []
        for round in 0..<rounds {
            for grouping in [false, true] {
                let path = base.appendingPathComponent("r\(round)-\(grouping).sqlite").path
                let cpu = try await record(into: path, grouping: grouping, template: template)
                let perEvent = cpu / Double(total) * 1e6
                if grouping { on.append(perEvent) } else { off.append(perEvent) }
                print(
                    String(
                        format: "round %d grouping %@: %.2f µs CPU per event", round + 1, grouping ? "on " : "off",
                        perEvent))
            }
        }
        let medianOff = off.sorted()[off.count / 2]
        let medianOn = on.sorted()[on.count / 2]
        print(
            String(
                format: "median CPU per event: off %.2f µs, on %.2f µs, grouping adds %+.1f%% (target < +5%%)",
                medianOff, medianOn, (medianOn / medianOff - 1) * 100))
        // Round-to-round noise on a shared machine is of the same order as the effect, so also time the rules
        // alone on the same workload: what grouping adds once the body is parsed (the retry fingerprint parses
        // it with or without grouping). One small UPDATE of the session row per exchange is not in this figure.
        let rules = groupingRulesSeconds()
        let perEvent = rules / Double(total) * 1e6
        print(
            String(
                format: "grouping rules alone: %.3f µs per event = %.1f%% of the recorder's %.2f µs with grouping off",
                perEvent, perEvent / medianOff * 100, medianOff))
    }

    /// Seconds spent in the grouping rules (digests, index, continuation) for the whole workload, bodies parsed
    /// beforehand, turns in the same interleaving as the recorder sees them.
    private func groupingRulesSeconds() -> Double {
        var grouper = SessionGrouper()
        var spent: Duration = .zero
        let clock = ContinuousClock()
        for turn in 0..<turns {
            for conversation in 0..<conversations {
                let body = try? JSONValue.parse(bytes: Self.body(conversation: conversation, turn: turn))
                let answer = Self.answer(conversation: conversation, turn: turn)
                let id = String(format: "%05x%05x", conversation, turn)
                let start = clock.now
                let request = RequestConversation(body: body)
                _ = grouper.assign(
                    GroupingRequest(
                        exchangeID: id, startedAtNanos: Int64(turn) * 1_000_000_000, conversation: request,
                        key: SessionKey.carried(by: [], body: body)))
                _ = grouper.finished(id, conversation: request, answer: answer)
                spent += clock.now - start
            }
        }
        return Double(spent.components.seconds) + Double(spent.components.attoseconds) / 1e18
    }

    /// Records the workload into a fresh file; returns the process CPU seconds until everything is committed.
    private func record(into path: String, grouping: Bool, template: [RecordedEvent]) async throws -> Double {
        let store = try TapedeckStore(path: path)
        let recorder = store.makeRecorder(configuration: .init(groupsSessions: grouping))
        let startCPU = IngestBench.cpuSeconds()
        await withTaskGroup(of: Void.self) { group in
            for conversation in 0..<conversations {
                group.addTask {
                    for turn in 0..<turns {
                        Self.stream(conversation: conversation, turn: turn, events: template, into: recorder)
                        // A tool loop's next request waits for this answer: let the writer record it first.
                        await recorder.flush()
                    }
                }
            }
        }
        await recorder.close()
        let cpu = IngestBench.cpuSeconds() - startCPU
        let sessions = try store.sessionCount()
        if grouping && sessions != conversations {
            throw ValidationError("grouping made \(sessions) sessions of \(conversations) conversations")
        }
        try store.close()
        return cpu
    }

    private static func stream(conversation: Int, turn: Int, events: [RecordedEvent], into recorder: ExchangeRecorder) {
        let id = String(format: "%05x%05x", conversation, turn)
        var summary = ExchangeSummary(
            id: id, startedAtNanos: 1_764_000_000_000_000_000 + Int64(turn) * 1_000_000_000, method: "POST",
            path: "/v1/messages", requestHeaders: [HeaderField(name: "content-type", value: "application/json")],
            requestBody: body(conversation: conversation, turn: turn), status: 200, isStreaming: true,
            model: "claude-sonnet-4-5")
        recorder.begin(summary)
        var position = 0
        while position < events.count {
            let end = min(position + 4, events.count)
            recorder.append(exchangeID: id, events: Array(events[position..<end]))
            position = end
        }
        summary.outcome = .complete
        summary.eventCount = events.count
        summary.durationNanos = 900_000_000
        recorder.finish(
            summary, trailing: [], trailingOffsetNanos: nil, answer: answer(conversation: conversation, turn: turn))
    }

    /// The answer of a turn: some text and a tool call (what the drainer assembles from the stream).
    static func answer(conversation: Int, turn: Int) -> JSONValue {
        [
            [
                "type": "text",
                "text": .string("Turn \(turn) of \(conversation): reading the next file to see what changed."),
            ],
            [
                "type": "tool_use", "id": .string("toolu_\(conversation)_\(turn)"), "name": "read_file",
                "input": ["path": .string("Sources/File\(turn).swift"), "lines": [1, 200]],
            ],
        ]
    }

    /// The request of a turn: the first question, then every earlier answer and its tool result (about 1 KB).
    static func body(conversation: Int, turn: Int) -> [UInt8] {
        var messages: [JSONValue] = [
            ["role": "user", "content": .string("Conversation \(conversation): fix the build.")]
        ]
        for earlier in 0..<turn {
            messages.append(["role": "assistant", "content": answer(conversation: conversation, turn: earlier)])
            let output = String(repeating: "let value = compute(\(earlier))\n", count: 30)
            messages.append([
                "role": "user",
                "content": [
                    [
                        "type": "tool_result", "tool_use_id": .string("toolu_\(conversation)_\(earlier)"),
                        "content": .string(output),
                    ]
                ],
            ])
        }
        let request: JSONValue = [
            "model": "claude-sonnet-4-5", "max_tokens": 4096, "stream": true, "messages": .array(messages),
        ]
        return request.serializedBytes()
    }
}

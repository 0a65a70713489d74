import ArgumentParser
import TapedeckCore
import TapedeckTUI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `tapedeck-bench replay`: the replayer on a synthetic 100,000-event exchange — time to first
/// frame, random seek times, and frames per second while playing at 100× — and the session view on a
/// synthetic 1,000-exchange session: time to its first frame.
struct ReplayBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Measure the replayer: first frame, random seeks and frames per second at 100×.",
        discussion: """
            Builds an exchange in memory (message_start; rounds of a thinking block with line breaks, a text \
            block and a tool_use block whose JSON input streams in fragments; pings; message_delta, \
            message_stop) with one event every 10 ms, then times: building the Timeline (keyframes, \
            anomalies) plus rendering the first 120×40 screen; --seeks random seeks (seek alone and seek \
            + render); and --frames frames of playback at 100× (each frame: tick 16 ms, render). Then a \
            session of --session-exchanges exchanges (a tool loop, each request re-sending the conversation): \
            building RecordedSession, the session view's first frame (target < 200 ms), n to the last turn, \
            and e across a session with no anomaly.
            Example: swift run -c release tapedeck-bench replay --events 100000 --session-exchanges 1000
            """
    )

    @Option(help: "Number of events in the exchange, e.g. 100000.")
    var events = 100_000

    @Option(help: "Random seeks to time, e.g. 200.")
    var seeks = 200

    @Option(help: "Frames to play at 100×, e.g. 600.")
    var frames = 600

    @Option(help: "Events between assembler keyframes, e.g. 256.")
    var keyframeInterval = 256

    @Option(help: "Exchanges in the synthetic session for the session view, e.g. 1000.")
    var sessionExchanges = 1_000

    func validate() throws {
        guard events >= 100, seeks > 0, frames > 0, keyframeInterval > 0, sessionExchanges > 0 else {
            throw ValidationError("--events must be at least 100 and the other counts positive, e.g. --events 100000.")
        }
    }

    func run() throws {
        let exchange = Self.makeExchange(events: events)
        let bytes = exchange.events.reduce(0) { $0 + $1.raw.count }
        print("exchange: \(exchange.events.count) events, \(bytes) bytes, one event every 10 ms")

        let firstStart = Self.now()
        var timeline = Timeline(exchange: exchange, keyframeInterval: keyframeInterval)
        let built = Self.now()
        var state = ReplayState(timeline: timeline, width: 120, height: 40)
        var screen = Screen(width: 120, height: 40)
        render(state, into: &screen)
        let firstFrame = Self.now()
        print(
            "time to first frame: \(Self.ms(firstFrame - firstStart)) ms "
                + "(timeline + \(timeline.eventCount / keyframeInterval + 1) keyframes \(Self.ms(built - firstStart)) ms, "
                + "render \(Self.ms(firstFrame - built)) ms)")

        var generator = SplitMix64(seed: 42)
        var seekTimes: [UInt64] = []
        var seekRenderTimes: [UInt64] = []
        for _ in 0..<seeks {
            let target = Int(generator.next() % UInt64(timeline.eventCount + 1))
            let start = Self.now()
            timeline.seek(toPosition: target)
            let sought = Self.now()
            state.timeline = timeline
            render(state, into: &screen)
            let drawn = Self.now()
            seekTimes.append(sought - start)
            seekRenderTimes.append(drawn - start)
        }
        print(
            "random seeks (\(seeks)): seek p50 \(Self.ms(Self.median(seekTimes))) ms, max \(Self.ms(seekTimes.max() ?? 0)) ms; "
                + "seek + render p50 \(Self.ms(Self.median(seekRenderTimes))) ms, max \(Self.ms(seekRenderTimes.max() ?? 0)) ms"
        )

        timeline.seekToStart()
        timeline.setSpeed(100)
        timeline.play()
        state = ReplayState(timeline: timeline, width: 120, height: 40)
        var virtualWall: UInt64 = 1_000_000_000
        state = update(state, .tick(nowNanos: virtualWall))
        var rendered = 0
        var frameTimes: [UInt64] = []
        let playStart = Self.now()
        while rendered < frames && state.timeline.isPlaying {
            let frameStart = Self.now()
            virtualWall += 16_000_000
            state = update(state, .tick(nowNanos: virtualWall))
            render(state, into: &screen)
            rendered += 1
            frameTimes.append(Self.now() - frameStart)
        }
        let playElapsed = Self.now() - playStart
        let fps = Double(rendered) / (Double(playElapsed) / 1e9)
        print(
            "playing at 100×: \(rendered) frames (16 ms of wall time each, ~160 events per frame) reached event "
                + "\(state.timeline.position); \(Int(fps)) frames/s of CPU; frame p50 \(Self.ms(Self.median(frameTimes))) ms, "
                + "max \(Self.ms(frameTimes.max() ?? 0)) ms")
        try Self.measureSession(exchanges: sessionExchanges)
    }

    static func now() -> UInt64 { TerminalProgram.monotonicNanos() }

    static func ms(_ nanos: UInt64) -> String {
        let hundredths = Int((Double(nanos) / 1e4).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }

    static func median(_ values: [UInt64]) -> UInt64 {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    /// A deterministic exchange of `events` events, one every 10 ms.
    static func makeExchange(events count: Int) -> RecordedExchange {
        var datas: [(String, String)] = []
        datas.append(
            (
                "message_start",
                #"{"type":"message_start","message":{"id":"msg_bench","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1200,"output_tokens":1}}}"#
            ))
        var index = 0
        let words = ["the", "stream", "arrives", "in", "small", "pieces,", "each", "one", "a", "delta", "of", "text."]
        let perRound = 3_000
        while datas.count < count - 3 {
            let remaining = count - 3 - datas.count
            let budget = min(perRound, remaining)
            let parts = max(1, budget / 3)
            let blocks: [(String, String, String)] = [
                ("thinking", #"{"type":"thinking","thinking":"","signature":""}"#, "thinking_delta"),
                ("text", #"{"type":"text","text":""}"#, "text_delta"),
                (
                    "tool_use", #"{"type":"tool_use","id":"toolu_\#(index)","name":"write_file","input":{}}"#,
                    "input_json_delta"
                ),
            ]
            for (kind, start, deltaType) in blocks where datas.count < count - 3 {
                datas.append(
                    (
                        "content_block_start",
                        #"{"type":"content_block_start","index":\#(index),"content_block":\#(start)}"#
                    ))
                let deltas = max(0, min(parts - 2, count - 4 - datas.count))
                for n in 0..<deltas {
                    if n % 50 == 49 {
                        datas.append(("ping", #"{"type":"ping"}"#))
                        continue
                    }
                    let payload: String
                    switch kind {
                    case "tool_use":
                        payload = n == 0 ? #"{\"path\": \"a.txt\", \"content\": \""# : "line \(n) of the file \\\\n"
                        datas.append(
                            (
                                "content_block_delta",
                                #"{"type":"content_block_delta","index":\#(index),"delta":{"type":"input_json_delta","partial_json":"\#(payload)"}}"#
                            ))
                    default:
                        let word = words[n % words.count] + (n % 17 == 16 ? "\\n" : " ")
                        let field = kind == "thinking" ? "thinking" : "text"
                        datas.append(
                            (
                                "content_block_delta",
                                #"{"type":"content_block_delta","index":\#(index),"delta":{"type":"\#(deltaType)","\#(field)":"\#(word)"}}"#
                            ))
                    }
                }
                datas.append(("content_block_stop", #"{"type":"content_block_stop","index":\#(index)}"#))
                index += 1
            }
        }
        while datas.count < count - 2 { datas.append(("ping", #"{"type":"ping"}"#)) }
        datas.append(
            (
                "message_delta",
                #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":\#(count)}}"#
            ))
        datas.append(("message_stop", #"{"type":"message_stop"}"#))
        let events = datas.enumerated().map { offset, event in
            RecordedEvent(
                sequence: offset, offsetNanos: 200_000_000 + Int64(offset) * 10_000_000, type: event.0, data: event.1,
                raw: Array("event: \(event.0)\ndata: \(event.1)\n\n".utf8))
        }
        let summary = ExchangeSummary(
            id: "bench00001", startedAtNanos: 0, method: "POST", path: "/v1/messages", status: 200, isStreaming: true,
            model: "claude-sonnet-4-5", outcome: .complete, eventCount: events.count)
        return RecordedExchange(summary: summary, events: events)
    }
}

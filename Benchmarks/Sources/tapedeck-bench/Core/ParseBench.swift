import ArgumentParser
import TapedeckCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `tapedeck-bench parse`: SSEParser throughput on a realistic Anthropic body, so the recorder's
/// parsing cost per byte and per event is a measured figure, not a guess.
struct ParseBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Measure SSEParser throughput (MB/s, events/s) on a generated Anthropic stream.",
        discussion: """
            Builds a body of streamed messages in memory (thinking, text and tool-input deltas, \
            pings, UTF-8 text), then parses it several times with different chunkings: tiny reads \
            (1-64 bytes), network-sized reads (512 B-16 KB) and 64 KB reads. MB are 10^6 bytes.
            Example: swift run -c release tapedeck-bench parse --megabytes 100 --rounds 3
            """
    )

    @Option(help: "Size of the generated body in MB (10^6 bytes), e.g. 100.")
    var megabytes = 100

    @Option(help: "Timed passes per chunking; the best is reported, e.g. 3.")
    var rounds = 3

    @Option(help: "Seed of the body and chunk-size generator, e.g. 42.")
    var seed: UInt64 = 42

    func validate() throws {
        guard megabytes > 0, rounds > 0 else {
            throw ValidationError("--megabytes and --rounds must be positive, e.g. --megabytes 100 --rounds 3.")
        }
    }

    func run() throws {
        var rng = SplitMix64(seed: seed)
        let (body, eventCount) = SyntheticStream.make(bytes: megabytes * 1_000_000, using: &rng)
        print("body: \(body.count) bytes, \(eventCount) events, \(body.count / eventCount) bytes/event")

        let profiles: [(name: String, sizes: [Int])] = [
            ("tiny 1-64 B", (0..<4096).map { _ in Int(rng.next() % 64) + 1 }),
            ("network 512 B-16 KB", (0..<4096).map { _ in Int(rng.next() % 16_000) + 512 }),
            ("64 KB", [65_536]),
        ]
        for profile in profiles {
            var best = Double.infinity
            var bestCPU = Double.infinity
            for _ in 0..<rounds {
                let (elapsed, cpu, events, bytes) = Self.parse(body, sizes: profile.sizes)
                guard events == eventCount, bytes == body.count else {
                    throw ValidationError(
                        "parser mismatch: \(events) events / \(bytes) bytes, expected \(eventCount) / \(body.count)")
                }
                best = min(best, elapsed)
                bestCPU = min(bestCPU, cpu)
            }
            let megabytes = Double(body.count) / 1e6
            let millionEvents = Double(eventCount) / 1e6
            print(
                "\(profile.name): \(format(megabytes / best)) MB/s, \(format(millionEvents / best)) M events/s wall;"
                    + " \(format(megabytes / bestCPU)) MB/s, \(format(millionEvents / bestCPU)) M events/s per CPU second"
                    + " (best of \(rounds))"
            )
        }
    }

    /// Parses `body` in chunks cycling through `sizes`; returns wall and thread CPU seconds
    /// (the CPU figure stays meaningful when other processes share the cores), events and bytes seen.
    private static func parse(_ body: [UInt8], sizes: [Int]) -> (Double, Double, Int, Int) {
        var parser = SSEParser()
        var events = 0
        var bytes = 0
        var start = 0
        var sizeIndex = 0
        let clock = ContinuousClock()
        let began = clock.now
        let beganCPU = threadCPUSeconds()
        while start < body.count {
            let end = min(body.count, start + sizes[sizeIndex])
            sizeIndex = sizeIndex + 1 == sizes.count ? 0 : sizeIndex + 1
            for event in parser.feed(body[start..<end]) {
                events += 1
                bytes += event.raw.count
            }
            start = end
        }
        bytes += parser.finish()?.raw.count ?? 0
        let cpu = threadCPUSeconds() - beganCPU
        let wall = clock.now - began
        return (Double(wall.components.seconds) + Double(wall.components.attoseconds) * 1e-18, cpu, events, bytes)
    }

    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    private func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return String(describing: rounded)
    }
}

/// A realistic Anthropic response body: whole messages with thinking, text and tool-input deltas.
enum SyntheticStream {
    private static let words = [
        "the", "stream", "recorder", "keeps", "every", "byte", "and", "replays", "thinking", "tool",
        "input", "événement", "データ", "naïve", "🎛️", "so", "a", "failed", "answer", "can", "be", "found",
    ]

    /// Appends messages until the body reaches `bytes`; returns the body and its event count.
    static func make(bytes target: Int, using rng: inout SplitMix64) -> ([UInt8], Int) {
        var body: [UInt8] = []
        body.reserveCapacity(target + 4096)
        var events = 0
        var message = 0
        while body.count < target {
            message += 1
            let id = "msg_01Bench\(message)"
            append(
                "message_start",
                #"{"type":"message_start","message":{"id":"\#(id)","type":"message","role":"assistant","#
                    + #""model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"#
                    + #""usage":{"input_tokens":1200,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"#
                    + #""output_tokens":1}}}"#,
                to: &body, count: &events)
            append("ping", #"{"type":"ping"}"#, to: &body, count: &events)
            block(
                index: 0, start: #"{"type":"thinking","thinking":"","signature":""}"#, deltas: 200,
                kind: "thinking_delta", field: "thinking", body: &body, events: &events, rng: &rng)
            block(
                index: 1, start: #"{"type":"text","text":""}"#, deltas: 400, kind: "text_delta", field: "text",
                body: &body, events: &events, rng: &rng)
            block(
                index: 2, start: #"{"type":"tool_use","id":"toolu_01Bench","name":"run","input":{}}"#, deltas: 60,
                kind: "input_json_delta", field: "partial_json", body: &body, events: &events, rng: &rng)
            append(
                "message_delta",
                #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":900}}"#,
                to: &body, count: &events)
            append("message_stop", #"{"type":"message_stop"}"#, to: &body, count: &events)
        }
        return (body, events)
    }

    private static func block(
        index: Int, start: String, deltas: Int, kind: String, field: String,
        body: inout [UInt8], events: inout Int, rng: inout SplitMix64
    ) {
        append(
            "content_block_start", #"{"type":"content_block_start","index":\#(index),"content_block":\#(start)}"#,
            to: &body, count: &events)
        for _ in 0..<deltas {
            var piece = ""
            for _ in 0..<(Int(rng.next() % 4) + 1) {
                piece += " " + words[Int(rng.next() % UInt64(words.count))]
            }
            if kind == "input_json_delta" { piece = #"{\"k\": \"\#(piece)\", \"n\": 12.5}"# }
            append(
                "content_block_delta",
                #"{"type":"content_block_delta","index":\#(index),"delta":{"type":"\#(kind)","\#(field)":"\#(piece)"}}"#,
                to: &body, count: &events)
        }
        append("content_block_stop", #"{"type":"content_block_stop","index":\#(index)}"#, to: &body, count: &events)
    }

    private static func append(_ name: String, _ data: String, to body: inout [UInt8], count: inout Int) {
        body.append(contentsOf: "event: \(name)\ndata: \(data)\n\n".utf8)
        count += 1
    }
}

import ArgumentParser
import TapedeckCore

/// `tapedeck-bench assemble`: MessageAssembler cost on a long exchange with a snapshot read after every
/// event, the replayer's access pattern, so "assembly is linear" is a measured figure.
struct AssembleBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assemble",
        abstract: "Measure MessageAssembler on a 100,000-event exchange, reading a snapshot after every event.",
        discussion: """
            Builds an exchange in memory (message_start; rounds of a thinking block, a text block and a \
            tool_use block whose JSON input streams in small fragments; pings; message_delta, \
            message_stop), then times applying every event while holding the previous snapshot and \
            keeping every 256th one (the replayer's keyframes), reading each snapshot's block count, \
            text length and tool input length.
            Example: swift run -c release tapedeck-bench assemble --events 100000 --rounds 5
            """
    )

    @Option(help: "Number of events in the exchange, e.g. 100000.")
    var events = 100_000

    @Option(help: "Timed passes; the best and the median are reported, e.g. 5.")
    var rounds = 5

    func validate() throws {
        guard events >= 100, rounds > 0 else {
            throw ValidationError(
                "--events must be at least 100 and --rounds positive, e.g. --events 100000 --rounds 5.")
        }
    }

    func run() throws {
        let exchange = Self.makeExchange(events: events)
        let bytes = exchange.reduce(0) { $0 + $1.data.utf8.count }
        print("exchange: \(exchange.count) events, \(bytes) bytes of data")
        var timings: [Double] = []
        var check = 0
        for _ in 0..<rounds {
            let (seconds, result) = Self.assemble(exchange)
            timings.append(seconds)
            check = result
        }
        timings.sort()
        let best = timings[0]
        let median = timings[timings.count / 2]
        print("checksum: \(check)")
        print(
            "assemble + snapshot per event: best \(Self.decimal(best * 1000)) ms, median \(Self.decimal(median * 1000)) ms"
                + " (\(rounds) rounds); \(Self.decimal(Double(exchange.count) / best / 1e6)) M events/s,"
                + " \(Self.decimal(best / Double(exchange.count) * 1e9)) ns/event")
    }

    /// Applies every event, reading (and holding) a snapshot after each; returns seconds and a checksum.
    static func assemble(_ exchange: [SSEEvent]) -> (Double, Int) {
        let clock = ContinuousClock()
        var keyframes: [AssembledMessage] = []
        var checksum = 0
        let start = clock.now
        var assembler = MessageAssembler()
        var held = assembler.message
        for (index, event) in exchange.enumerated() {
            assembler.apply(event)
            held = assembler.message
            if index % 256 == 0 { keyframes.append(held) }
            checksum &+= held.eventCount &+ held.blocks.count
            if let last = held.blocks.last { checksum &+= last.textStorage.utf8Count &+ last.inputJSON.utf8Count }
        }
        assembler.finish(trailing: nil)
        let elapsed = clock.now - start
        checksum &+= keyframes.count &+ assembler.message.diagnostics.count &+ (held.isComplete ? 1 : 0)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return (seconds, checksum)
    }

    /// A deterministic exchange of about `events` events: rounds of thinking, text and tool input.
    static func makeExchange(events target: Int) -> [SSEEvent] {
        var exchange: [SSEEvent] = []
        exchange.reserveCapacity(target + 16)
        func add(_ type: String, _ data: String) { exchange.append(SSEEvent(event: type, data: data)) }
        add(
            "message_start",
            #"{"type":"message_start","message":{"id":"msg_bench","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":2048,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}"#
        )
        let words = ["the", "stream", "event", "naïve", "résumé", "token", "Unicode", "日本語", "quote\\\"d", "line\\n"]
        var index = 0
        var counter = 0
        func word() -> String {
            counter &+= 7
            return words[counter % words.count]
        }
        // Each round: 3 + 40% thinking deltas, 40% text deltas, 20% tool fragments, a ping every 100.
        let perRound = 5_000
        while exchange.count < target - 3 {
            let remaining = target - 3 - exchange.count
            let budget = min(perRound, remaining)
            let thinking = budget * 4 / 10
            let text = budget * 4 / 10
            let tool = max(budget - thinking - text - 9, 1)
            add(
                "content_block_start",
                #"{"type":"content_block_start","index":\#(index),"content_block":{"type":"thinking","thinking":"","signature":""}}"#
            )
            for step in 0..<thinking {
                if step % 100 == 99 { add("ping", #"{"type": "ping"}"#) }
                add(
                    "content_block_delta",
                    #"{"type":"content_block_delta","index":\#(index),"delta":{"type":"thinking_delta","thinking":"\#(word()) \#(word()) "}}"#
                )
            }
            add(
                "content_block_delta",
                #"{"type":"content_block_delta","index":\#(index),"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3h"}}"#
            )
            add("content_block_stop", #"{"type":"content_block_stop","index":\#(index)}"#)
            index += 1
            add(
                "content_block_start",
                #"{"type":"content_block_start","index":\#(index),"content_block":{"type":"text","text":""}}"#)
            for _ in 0..<text {
                add(
                    "content_block_delta",
                    #"{"type":"content_block_delta","index":\#(index),"delta":{"type":"text_delta","text":"\#(word()) "}}"#
                )
            }
            add("content_block_stop", #"{"type":"content_block_stop","index":\#(index)}"#)
            index += 1
            add(
                "content_block_start",
                #"{"type":"content_block_start","index":\#(index),"content_block":{"type":"tool_use","id":"toolu_\#(index)","name":"write_file","input":{}}}"#
            )
            for fragment in toolFragments(count: tool, seed: index) {
                add(
                    "content_block_delta",
                    #"{"type":"content_block_delta","index":\#(index),"delta":{"type":"input_json_delta","partial_json":\#(JSONValue.string(fragment).serialized())}}"#
                )
            }
            add("content_block_stop", #"{"type":"content_block_stop","index":\#(index)}"#)
            index += 1
        }
        add(
            "message_delta",
            #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":31337}}"#
        )
        add("message_stop", #"{"type":"message_stop"}"#)
        return exchange
    }

    /// A tool input JSON text cut into `count` fragments of 3-12 bytes (anywhere, even inside escapes).
    static func toolFragments(count: Int, seed: Int) -> [String] {
        var body = #"{"path": "Sources/Bench/File\#(seed).swift", "lines": ["#
        var line = 0
        while body.utf8.count < count * 8 {
            body +=
                #"{"n": \#(line), "text": "let v\#(line) = \"caf\u00e9\" // \\ \#(line * 31 % 97).5e1", "ok": true}, "#
            line += 1
        }
        body += #"null], "mode": "overwrite"}"#
        let bytes = Array(body.utf8)
        var fragments: [String] = []
        var position = 0
        var state = seed
        for piece in 0..<count {
            state = (state &* 1_103_515_245 &+ 12_345) & 0x7fff_ffff
            let end = piece == count - 1 ? bytes.count : min(bytes.count, position + 3 + state % 10)
            fragments.append(String(decoding: bytes[position..<end], as: UTF8.self))
            position = end
        }
        return fragments
    }

    static func decimal(_ value: Double) -> String {
        let scaled = (value * 100).rounded() / 100
        return String(scaled)
    }
}

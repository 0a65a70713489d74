import ArgumentParser
import Foundation
import TapedeckCore
import TapedeckServe
import TapedeckTestSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `tapedeck-bench serve-timing`: how late `serve` delivers a dense recorded stream (a 1 MB tool input in small
/// events) at speed 1 and 10, against one write per event (the reference) in the same run.
struct ServeTimingBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve-timing",
        abstract: "Measure serve's timing on a dense 1 MB tool-input stream: due vs actual at speed 1 and 10.",
        discussion: """
            Builds an exchange in memory whose tool_use input (--input-bytes of JSON) streams in --fragment-byte \
            input_json_delta events spread evenly over --recorded-ms, serves it with ReplayServer (events already \
            due coalesced into one write) and, as the reference, with the same script written one event per \
            write; a loopback client times request → last byte. Prints due, actual and lateness for each, and \
            the reference's lateness over serve's.
            Example: swift run -c release tapedeck-bench serve-timing --input-bytes 1000000 --recorded-ms 430
            """
    )

    @Option(help: "Bytes of tool input JSON, e.g. 1000000.")
    var inputBytes = 1_000_000

    @Option(help: "Bytes of input per input_json_delta event, e.g. 32.")
    var fragmentBytes = 32

    @Option(help: "Recorded duration of the stream in milliseconds, e.g. 430.")
    var recordedMs = 430

    @Option(help: "Runs per speed and server (the median is printed), e.g. 3.")
    var rounds = 3

    func validate() throws {
        guard inputBytes >= 1_000, fragmentBytes > 0, recordedMs > 0, rounds > 0 else {
            throw ValidationError("--input-bytes must be at least 1000 and the others positive, e.g. --rounds 3.")
        }
    }

    func run() async throws {
        let exchange = Self.denseExchange(inputBytes: inputBytes, fragmentBytes: fragmentBytes, recordedMs: recordedMs)
        let body = exchange.events.reduce(0) { $0 + $1.raw.count }
        print("stream: \(exchange.events.count) events, \(body) bytes over \(recordedMs) ms recorded")
        for speed in [1.0, 10.0] {
            let script = ScriptedResponse(replaying: exchange).scaled(bySpeed: speed)
            let due = Double(script.totalDelayNanos) / 1e6
            var perEvent = script
            perEvent.coalescesDueParts = false
            let serve = try await median { try await Self.timeReplay(exchange, speed: speed) }
            let reference = try await median { try await Self.timeScript(perEvent) }
            let late = max(serve - due, 0.001)
            print(
                "speed \(Int(speed)): due \(Self.fixed(due)) ms; serve \(Self.fixed(serve)) ms (late "
                    + "\(Self.fixed(serve - due)) ms); reference one write per event \(Self.fixed(reference)) ms (late "
                    + "\(Self.fixed(reference - due)) ms); reference lateness / serve lateness "
                    + "\(Self.fixed(max(reference - due, 0) / late))×")
        }
    }

    private func median(_ measure: () async throws -> Double) async throws -> Double {
        var times: [Double] = []
        for _ in 0..<rounds { times.append(try await measure()) }
        return times.sorted()[times.count / 2]
    }

    /// Milliseconds from sending a request to `ReplayServer` to the last byte of its answer.
    static func timeReplay(_ exchange: RecordedExchange, speed: Double) async throws -> Double {
        let server = ReplayServer(exchanges: [exchange], mode: .sequence, speed: speed)
        let port = try await server.start()
        defer { Task { await server.shutdown() } }
        return try await fetch(port: port)
    }

    /// Milliseconds from sending a request to a server answering with `script` to its last byte.
    static func timeScript(_ script: ScriptedResponse) async throws -> Double {
        let server = ScriptedServer { _ in script }
        let port = try await server.start()
        defer { Task { await server.shutdown() } }
        return try await fetch(port: port)
    }

    /// POSTs to 127.0.0.1:`port` with `connection: close`; milliseconds from sending to the last byte.
    static func fetch(port: Int) async throws -> Double {
        let body = #"{"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"messages":[]}"#
        let response = try await RawHTTP.exchange(
            port: port, headers: [("content-type", "application/json")], body: Array(body.utf8))
        return Double(response.nanosToLastByte) / 1e6
    }

    /// message_start, a tool_use block whose input streams in `fragmentBytes` pieces evenly over `recordedMs`,
    /// content_block_stop, message_delta, message_stop.
    static func denseExchange(inputBytes: Int, fragmentBytes: Int, recordedMs: Int) -> RecordedExchange {
        var input = #"{"rows":["#
        var row = 0
        while input.utf8.count < inputBytes - 40 {
            input += (row == 0 ? "" : ",") + #"{"id":\#(row),"value":699.0,"name":"row \#(row)"}"#
            row += 1
        }
        input += "]}"
        var payloads: [(String, JSONValue)] = [
            (
                "message_start",
                [
                    "type": "message_start",
                    "message": [
                        "id": "msg_bench", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
                        "content": [], "usage": ["input_tokens": 10, "output_tokens": 1],
                    ],
                ]
            ),
            (
                "content_block_start",
                [
                    "type": "content_block_start", "index": 0,
                    "content_block": ["type": "tool_use", "id": "toolu_bench", "name": "load", "input": [:]],
                ]
            ),
        ]
        let bytes = Array(input.utf8)
        for start in stride(from: 0, to: bytes.count, by: fragmentBytes) {
            let fragment = String(decoding: bytes[start..<min(start + fragmentBytes, bytes.count)], as: UTF8.self)
            payloads.append(
                (
                    "content_block_delta",
                    [
                        "type": "content_block_delta", "index": 0,
                        "delta": ["type": "input_json_delta", "partial_json": .string(fragment)],
                    ]
                ))
        }
        payloads += [
            ("content_block_stop", ["type": "content_block_stop", "index": 0]),
            ("message_delta", ["type": "message_delta", "delta": ["stop_reason": "tool_use"]]),
            ("message_stop", ["type": "message_stop"]),
        ]
        let step = Int64(recordedMs) * 1_000_000 / Int64(payloads.count)
        let events = payloads.enumerated().map { position, payload in
            let data = payload.1.serialized()
            return RecordedEvent(
                sequence: position, offsetNanos: step * Int64(position + 1), type: payload.0, data: data,
                raw: SSEWriter.encode(event: payload.0, data: data))
        }
        var summary = ExchangeSummary(
            id: "0123abcdef", startedAtNanos: 1_795_608_000_000_000_000, method: "POST", path: "/v1/messages",
            query: nil, requestHeaders: [], requestBody: [], status: 200,
            responseHeaders: [HeaderField(name: "content-type", value: "text/event-stream")], isStreaming: true)
        summary.firstByteNanos = step
        summary.durationNanos = step * Int64(events.count)
        summary.outcome = .complete
        summary.eventCount = events.count
        return RecordedExchange(summary: summary, events: events)
    }

    static func fixed(_ value: Double) -> String { String(format: "%.1f", value) }
}

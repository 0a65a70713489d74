import Foundation
import TapedeckCore
import TapedeckTUI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `tapedeck replay --plain`: re-streams an exchange's thinking, text and tool input JSON to stdout
/// with the original (or scaled, idle-capped) timing, for pipes.
struct ReplayPlainWriter {
    /// Clock, speed and idle cap come from here.
    var timeline: Timeline
    /// Events before this position are written at once (no waiting).
    var startPosition: Int

    func run() async throws {
        let events = timeline.exchange.events
        let start = ContinuousClock.now
        let skipTo = timeline.virtualTime(atPosition: startPosition)
        var blockKinds: [Int: String] = [:]
        var atLineStart = true
        func write(_ text: String) {
            guard !text.isEmpty else { return }
            FileHandle.standardOutput.write(Data(text.utf8))
            atLineStart = text.hasSuffix("\n")
        }
        func header(_ text: String) {
            write((atLineStart ? "" : "\n") + text + "\n")
        }
        for (index, event) in events.enumerated() {
            let due = timeline.virtualTime(atPosition: index + 1) - skipTo
            if index >= startPosition, due > 0 {
                let wait = Duration.nanoseconds(Int64(Double(due) / timeline.speed))
                try await Task.sleep(until: start + wait, clock: .continuous)
            }
            guard let value = try? JSONValue.parse(event.data) else { continue }
            switch event.type {
            case "content_block_start":
                let index = value["index"]?.intValue ?? -1
                let block = value["content_block"]
                let type = block?["type"]?.stringValue ?? "unknown"
                blockKinds[index] = type
                switch type {
                case "tool_use", "server_tool_use":
                    header("[\(type) \(block?["name"]?.stringValue ?? "?") \(block?["id"]?.stringValue ?? "")]")
                case "redacted_thinking":
                    header("[redacted_thinking]")
                case "text", "thinking":
                    header("[\(type)]")
                    write(block?["text"]?.stringValue ?? block?["thinking"]?.stringValue ?? "")
                default:
                    header("[\(type)]")
                    if let block { write(block.serialized() + "\n") }
                }
            case "content_block_delta":
                let delta = value["delta"]
                switch delta?["type"]?.stringValue {
                case "text_delta": write(delta?["text"]?.stringValue ?? "")
                case "thinking_delta": write(delta?["thinking"]?.stringValue ?? "")
                case "input_json_delta": write(delta?["partial_json"]?.stringValue ?? "")
                default: break
                }
            case "content_block_stop":
                if !atLineStart { write("\n") }
            case "error":
                let error = value["error"]
                header("[error \(error?["type"]?.stringValue ?? "") \(error?["message"]?.stringValue ?? "")]")
            default:
                break
            }
        }
        if !atLineStart { write("\n") }
        let summary = timeline.exchange.summary
        if !timeline.finalMessage.isComplete {
            let note =
                "tapedeck: PARTIAL response (\(summary.outcome.rawValue)): the stream ended without message_stop\n"
            FileHandle.standardError.write(Data(note.utf8))
        }
    }
}

extension ReplayPlainWriter {
    /// `tapedeck replay SESSION --plain`: every turn from `fromTurn` on, each after a header line naming it and
    /// after its recorded wait (capped by `maxIdle`, scaled by `speed`), re-streamed like one exchange.
    static func run(
        session: RecordedSession, fromTurn: Int, startPosition: Int, speed: Double, maxIdle: Double?
    ) async throws {
        let sessionTimeline = SessionTimeline(session: session, maxIdle: maxIdle)
        for index in fromTurn..<session.turns.count {
            let turn = session.turns[index]
            let exchange = session.exchanges[turn.exchangeIndex]
            if index > fromTurn {
                let lead = Double(sessionTimeline.leadNanos(beforeTurn: index)) / PlaybackSpeed.clamped(speed)
                try await Task.sleep(for: .nanoseconds(Int64(lead)))
            }
            let header =
                "── turn \(index + 1)/\(session.turns.count) \(TurnInputSummary.label(turn)) · "
                + "\(exchange.summary.id) · \(TurnInputSummary.line(turn.newInput)) ──\n"
            FileHandle.standardOutput.write(Data(header.utf8))
            var timeline = Timeline(exchange: exchange, maxIdle: maxIdle)
            timeline.setSpeed(speed)
            try await ReplayPlainWriter(timeline: timeline, startPosition: index == fromTurn ? startPosition : 0).run()
        }
    }
}

import Foundation
import TapedeckCore
import TapedeckStore
import TapedeckTUI

/// The session view's part of `tapedeck-bench replay`: time to the first frame of a long agent session.
extension ReplayBench {
    /// Target for the session view's first frame of a 1,000-exchange session, from opening the file.
    static let sessionFirstFrameTargetMs = 200.0

    /// Builds a session of `count` exchanges (a tool loop whose requests re-send the whole conversation, as
    /// clients do), stores it in a temporary file and prints the time from opening the file to the session
    /// view's first frame (load every exchange and event, `SessionTimeline`, state, render at 120×40).
    static func measureSession(exchanges count: Int) throws {
        let exchanges = makeSessionExchanges(count)
        let events = exchanges.reduce(0) { $0 + $1.events.count }
        let requestBytes = exchanges.reduce(0) { $0 + $1.summary.requestBody.count }
        print(
            "session: \(count) exchanges, \(events) events, \(requestBytes / 1_000_000) MB of request bodies "
                + "(each request re-sends the conversation)")
        let built = RecordedSession(
            summary: SessionSummary(id: "benchsess1", grouping: .inferred, startedAtNanos: 0), exchanges: exchanges)
        // Open it as `tapedeck replay SESSION` does: from a file, read-only, every exchange and event loaded.
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "tapedeck-session-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("session.sqlite").path
        try TapedeckStore(path: path).insert(session: built)
        let start = now()
        let store = try TapedeckStore(path: path, readOnly: true)
        let session = try store.loadSession(id: "benchsess1", requestBodiesOnDemand: true)
        let loaded = now()
        let timeline = SessionTimeline(session: session)
        let state = SessionReplayState(session: timeline, width: 120, height: 40)
        var screen = Screen(width: 120, height: 40)
        render(state, into: &screen)
        let firstFrame = now()
        let frameMs = Double(firstFrame - start) / 1e6
        print(
            "session view: open to first frame \(ms(firstFrame - start)) ms (target < "
                + "\(Int(sessionFirstFrameTargetMs)) ms: \(frameMs < sessionFirstFrameTargetMs ? "met" : "MISSED")): "
                + "loadSession from the file \(ms(loaded - start)) ms, then the first frame \(ms(firstFrame - loaded)) ms"
        )
        var last = state
        let lastStart = now()
        last = update(last, .key(.character("G")))
        for _ in 0..<count { last = update(last, .key(.character("n"))) }
        render(last, into: &screen)
        let lastDone = now()
        print(
            "n pressed \(count) times to the last turn (each builds that turn's timeline) + render: "
                + "\(ms(lastDone - lastStart)) ms, \(ms((lastDone - lastStart) / UInt64(max(1, count)))) ms per turn")
        let scanStart = now()
        var scan = SessionTimeline(session: session)
        scan.nextAnomaly()
        let scanned = now()
        print(
            "e from the first turn of an anomaly-free session (analyses every turn): \(ms(scanned - scanStart)) ms, "
                + "ended on turn \(scan.turnIndex + 1)")
    }

    /// `count` exchanges of one thread, 2 s apart: each answers with text and a tool call (about 40 events, one
    /// every 20 ms); each request carries every earlier message plus the new tool result.
    static func makeSessionExchanges(_ count: Int) -> [RecordedExchange] {
        var messages: [String] = [#"{"role":"user","content":"Refactor the parser and keep the tests green."}"#]
        var exchanges: [RecordedExchange] = []
        exchanges.reserveCapacity(count)
        var clock: Int64 = 1_764_000_000_000_000_000
        for index in 0..<count {
            let body =
                #"{"model":"claude-sonnet-4-5","max_tokens":8192,"system":"You are a coding agent.","messages":["#
                + messages.joined(separator: ",") + #"],"stream":true}"#
            var datas: [(String, String)] = [
                (
                    "message_start",
                    #"{"type":"message_start","message":{"id":"msg_\#(index)","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"usage":{"input_tokens":\#(1000 + index * 60),"output_tokens":1}}}"#
                ),
                (
                    "content_block_start",
                    #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#
                ),
            ]
            for word in 0..<12 {
                datas.append(
                    (
                        "content_block_delta",
                        #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"step \#(index) word \#(word) "}}"#
                    ))
            }
            datas.append(("content_block_stop", #"{"type":"content_block_stop","index":0}"#))
            datas.append(
                (
                    "content_block_start",
                    #"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_\#(index)","name":"run_tests","input":{}}}"#
                ))
            for part in 0..<20 {
                let fragment = part == 0 ? #"{\"filter\": \""# : (part == 19 ? #"x\"}"# : "x")
                datas.append(
                    (
                        "content_block_delta",
                        #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\#(fragment)"}}"#
                    ))
            }
            datas.append(("content_block_stop", #"{"type":"content_block_stop","index":1}"#))
            datas.append(
                (
                    "message_delta",
                    #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":80}}"#
                ))
            datas.append(("message_stop", #"{"type":"message_stop"}"#))
            let events = datas.enumerated().map { offset, event in
                RecordedEvent(
                    sequence: offset, offsetNanos: 300_000_000 + Int64(offset) * 20_000_000, type: event.0,
                    data: event.1, raw: Array("event: \(event.0)\ndata: \(event.1)\n\n".utf8))
            }
            let duration = events.last.map { $0.offsetNanos } ?? 0
            let previous = index > 0 ? exchanges[index - 1].summary.id : nil
            let summary = ExchangeSummary(
                id: "ex\(index)", startedAtNanos: clock, method: "POST", path: "/v1/messages",
                requestBody: Array(body.utf8), status: 200, isStreaming: true, model: "claude-sonnet-4-5",
                stopReason: "tool_use", outcome: .complete, durationNanos: duration, eventCount: events.count,
                sessionID: "benchsess1", threadID: "ex0", turn: index + 1, continues: previous)
            exchanges.append(RecordedExchange(summary: summary, events: events))
            clock += duration + 2_000_000_000
            messages.append(
                #"{"role":"assistant","content":[{"type":"text","text":"step \#(index)"},{"type":"tool_use","id":"toolu_\#(index)","name":"run_tests","input":{"filter":"x"}}]}"#
            )
            messages.append(
                #"{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_\#(index)","content":"ok"}]}"#)
        }
        return exchanges
    }
}

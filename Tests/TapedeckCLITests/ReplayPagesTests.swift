import Foundation
import TapedeckTestSupport
import Testing

/// `replay` of a stored exchange longer than its first page: a snapshot prints the first screen the interactive
/// view draws from that page (the interactive view getting the rest in pages is in Tests/E2E/replay_tmux.sh).
@Suite struct ReplayPagesTests {
    /// A store holding one exchange of 3,004 events (a text block of 3,000 deltas); returns its path and id.
    static func longExchange(in directory: URL) throws -> (db: String, id: String) {
        var body =
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_pages\",\"type\":"
            + "\"message\",\"role\":\"assistant\",\"model\":\"claude-opus-4-1\",\"content\":[],\"stop_reason\":null,"
            + "\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        for word in 0..<3000 {
            body +=
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"w\(word) \"}}\n\n"
        }
        body +=
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
        let file = directory.appendingPathComponent("long.sse")
        try Data(body.utf8).write(to: file)
        let db = directory.appendingPathComponent("long.sqlite").path
        let imported = try TapedeckExecutable.run(["import", file.path, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        return (db, try #require(imported.stdout.split(separator: " ").first.map(String.init)))
    }

    static func snapshot(_ store: (db: String, id: String), _ extra: [String]) throws -> ProcessOutput {
        try TapedeckExecutable.run(
            ["replay", store.id, "--db", store.db, "--snapshot", "--width", "120", "--height", "24"] + extra)
    }

    @Test func aSnapshotBeforeTheEndReadsOnlyItsEventsAndSaysTheRestAreNotIn() throws {
        let directory = try makeTemporaryDirectory("tapedeck-cli")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.longExchange(in: directory)
        let early = try Self.snapshot(store, ["--at", "4"])
        #expect(early.status == 0, "\(early.stderr)")
        #expect(early.stdout.contains(" event 4/3004 · "))
        // The first page: the events up to --at and 2,000 more, as the interactive view's first screen.
        #expect(early.stdout.contains("loading 2,004/3,004 events"))
        #expect(early.stdout.contains("w0 w1 "))
        #expect(!early.stdout.contains("w2 "))
        #expect(try Self.snapshot(store, ["--at", "1001"]).stdout.contains("loading 3,001/3,004 events"))
        // A first page of exactly every event (1,004 + 2,000): one more read finds nothing, so nothing is loading.
        let whole = try Self.snapshot(store, ["--at", "1004"])
        #expect(!whole.stdout.contains("loading"))
        #expect(whole.stdout.contains(" event 1004/3004 · "))
        // The end reads everything, and the same screen comes from --at with the last event's number.
        let end = try Self.snapshot(store, [])
        #expect(end.status == 0, "\(end.stderr)")
        #expect(try Self.snapshot(store, ["--at", "3004"]).stdout == end.stdout)
        #expect(!end.stdout.contains("loading"))
        let past = try Self.snapshot(store, ["--at", "3005"])
        #expect(past.status != 0)
        #expect(past.stderr.contains("--at 3005 is past the end: exchange \(store.id) has 3004 events."))
    }
}

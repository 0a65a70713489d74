import Foundation
import TapedeckTestSupport
import Testing

@testable import TapedeckCore
@testable import TapedeckServe
@testable import TapedeckStore

/// Real SDK tool loops, three at once, through `tapedeck record`: each conversation becomes one session, turn
/// by turn, and `ls`, the Markdown transcript and the session view show it.
@Suite(.timeLimit(.minutes(2))) struct SessionInteropTests {
    private static let conversations = ["a": 3, "b": 2, "c": 3]

    @Test func concurrentSDKToolLoopsAreGroupedIntoOneSessionEach() async throws {
        _ = try PythonVenv.interpreter()
        let library = try SampleLibrary(directory: Repository.samples)
        let names = ["tool_use_single", "tool_use_parallel", "text_basic", "thinking_text", "unicode"]
        let mock = try await MockUpstream.start(
            scenarios: try names.enumerated().map { index, name in
                .stream(try library.sample(name), chunking: .random(seed: UInt64(index + 11)))
            })
        defer { Task { await mock.shutdown() } }
        let mockPort = try #require(await mock.port)
        let directory = try makeTemporaryDirectory("tapedeck-sessions")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("loops.sqlite").path

        let recording = try await RecordProcess.start(upstreamPort: mockPort, database: db)
        let record = recording.child
        let loops = try await PythonVenv.run(
            script: "Tests/Interop/sdk_tool_loops.py", ["http://127.0.0.1:\(recording.port)"])
        record.signal(SIGTERM)
        #expect(await record.waitForExit() == 0)
        #expect(loops.status == 0, "sdk_tool_loops.py failed: \(loops.stdout)\(loops.stderr)")
        for line in loops.stdout.split(separator: "\n") {
            let result = try JSONValue.parse(String(line))
            let name = result["name"]?.stringValue ?? "?"
            #expect(result["error"]?.isNull == true, "\(name): \(result.serialized())")
            #expect(result["turns"]?.intValue == Self.conversations[name], "\(name)")
        }

        // Grouping: one session per conversation, its exchanges in turn order on one thread.
        let sessionOf = try Self.expectOneSessionPerConversation(in: db)
        #expect(Set(sessionOf.keys) == ["a", "b", "c"])

        // ls --json lists the three sessions with their counts.
        let ls = try await TapedeckExecutable.run(["ls", "--json", "--db", db])
        #expect(ls.status == 0)
        let listed = try JSONValue.parse(bytes: ls.bytes).arrayValue ?? []
        #expect(listed.count == 3)
        for object in listed {
            let name = sessionOf.first { $0.value == object["id"]?.stringValue }?.key ?? "?"
            #expect(object["exchanges"]?.intValue == Self.conversations[name], "\(name)")
            #expect(object["turns"]?.intValue == Self.conversations[name], "\(name)")
            #expect(object["outcome"]?.stringValue == "complete")
            #expect(object["models"]?.arrayValue?.isEmpty == false)
        }

        // The Markdown transcript of conversation a: its first question, its tool calls and results.
        let session = try #require(sessionOf["a"])
        let markdown = directory.appendingPathComponent("a.md")
        let export = try await TapedeckExecutable.run(
            ["export", session, "--format", "md", "-o", markdown.path, "--db", db])
        #expect(export.status == 0)
        let text = (try? String(contentsOf: markdown, encoding: .utf8)) ?? ""
        #expect(text.contains("Plan my afternoon in Paris."))
        #expect(text.contains("get_weather") && text.contains("find_places"))
        #expect(text.contains("get_weather: 3 results"))

        // The session view lists the three turns.
        let snapshot = try await TapedeckExecutable.run(
            ["replay", session, "--snapshot", "--width", "120", "--height", "40", "--db", db])
        #expect(snapshot.status == 0)
        let screen = snapshot.stdout
        #expect(screen.contains("T1") && screen.contains("T2") && screen.contains("T3"), "\(screen)")
    }

    /// Checks that every conversation of the script is one inferred session, its exchanges on one thread in turn
    /// order, and returns each conversation's session id.
    private static func expectOneSessionPerConversation(in db: String) throws -> [String: String] {
        let store = try TapedeckStore(path: db, readOnly: true)
        let sessions = try store.sessions()
        #expect(sessions.count == 3)
        var sessionOf: [String: String] = [:]
        for listing in sessions {
            let session = try store.loadSession(id: listing.summary.id)
            let conversations = Set(
                session.exchanges.compactMap { exchange in
                    exchange.summary.requestHeaders.first { $0.name.lowercased() == "x-test-conversation" }?.value
                })
            #expect(conversations.count == 1, "a session mixes conversations \(conversations.sorted())")
            guard let name = conversations.first else { continue }
            sessionOf[name] = listing.summary.id
            #expect(listing.summary.grouping == .inferred)
            #expect(session.exchanges.count == Self.conversations[name], "\(name)")
            #expect(session.turns.map(\.turn) == Array(1...(Self.conversations[name] ?? 0)), "\(name)")
            #expect(Set(session.turns.map(\.thread)) == [1], "\(name)")
            #expect(listing.figures.outcome == .complete, "\(name)")
        }
        return sessionOf
    }

    /// The same loops with every conversation alternating between two `tapedeck record` processes on one file
    /// (two proxies in front of one agent): neither recorder sees a whole conversation, and each is still one
    /// session. The mock answers at the API's pace (`realistic`, about 0.7 s to the first event), because a
    /// turn that starts before the other recorder wrote its parent is joined to it when it ends.
    @Test func loopsAlternatingBetweenTwoRecordersAreStillOneSessionEach() async throws {
        _ = try PythonVenv.interpreter()
        let library = try SampleLibrary(directory: Repository.samples)
        let names = ["tool_use_single", "tool_use_parallel", "text_basic", "thinking_text", "unicode"]
        let mock = try await MockUpstream.start(
            scenarios: try names.enumerated().map { index, name in
                .stream(
                    try library.sample(name), timing: .realistic(scale: 2, seed: UInt64(index + 3)),
                    chunking: .random(seed: UInt64(index + 11)))
            })
        defer { Task { await mock.shutdown() } }
        let mockPort = try #require(await mock.port)
        let directory = try makeTemporaryDirectory("tapedeck-sessions-two")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("two.sqlite").path

        let first = try await RecordProcess.start(upstreamPort: mockPort, database: db)
        let second = try await RecordProcess.start(upstreamPort: mockPort, database: db)
        let loops = try await PythonVenv.run(
            script: "Tests/Interop/sdk_tool_loops.py",
            ["http://127.0.0.1:\(first.port)", "http://127.0.0.1:\(second.port)"])
        first.child.signal(SIGTERM)
        second.child.signal(SIGTERM)
        #expect(await first.child.waitForExit() == 0)
        #expect(await second.child.waitForExit() == 0)
        #expect(loops.status == 0, "sdk_tool_loops.py failed: \(loops.stdout)\(loops.stderr)")
        for line in loops.stdout.split(separator: "\n") {
            let result = try JSONValue.parse(String(line))
            #expect(result["error"]?.isNull == true, "\(result.serialized())")
        }
        let sessionOf = try Self.expectOneSessionPerConversation(in: db)
        #expect(Set(sessionOf.keys) == ["a", "b", "c"])
        // Every session holds turns recorded by both recorders.
        let store = try TapedeckStore(path: db, readOnly: true)
        for (name, id) in sessionOf {
            let proxies = Set(
                try store.loadSession(id: id).exchanges.compactMap { exchange in
                    exchange.summary.requestHeaders.first { $0.name.lowercased() == "x-test-proxy" }?.value
                })
            #expect(proxies == ["0", "1"], "\(name)")
        }
    }
}

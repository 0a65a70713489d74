import Foundation
import Testing

@testable import TapedeckCore
@testable import TapedeckServe
@testable import TapedeckStore

/// Real SDK tool loops, three at once, through `tapedeck record`: each conversation becomes one session, turn
/// by turn, and `ls`, the Markdown transcript and the session view show it.
@Suite(.timeLimit(.minutes(2))) struct SessionInteropTests {
    private static let conversations = ["a": 3, "b": 2, "c": 3]

    @Test func concurrentSDKToolLoopsAreGroupedIntoOneSessionEach() async throws {
        let root = PackageRoot.url
        let python = root.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            Issue.record("no Python SDK at \(python.path): run Scripts/bootstrap.sh")
            return
        }
        guard let binary = RecordProcessTests.binary else {
            Issue.record("no tapedeck binary: build it (swift build) or set TAPEDECK_BIN (Scripts/test.sh does)")
            return
        }
        let library = try SampleLibrary(directory: root.appendingPathComponent("Samples"))
        let names = ["tool_use_single", "tool_use_parallel", "text_basic", "thinking_text", "unicode"]
        let mock = try await MockUpstream.start(
            scenarios: try names.enumerated().map { index, name in
                .stream(try library.sample(name), chunking: .random(seed: UInt64(index + 11)))
            })
        defer { Task { await mock.shutdown() } }
        let mockPort = try #require(await mock.port)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tapedeck-sessions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("loops.sqlite").path

        let record = try ChildProcess(
            binary,
            ["record", "--listen", "127.0.0.1:0", "--upstream", "http://127.0.0.1:\(mockPort)", "--db", db])
        var port: Int?
        for await line in record.stderrLines {
            if let range = line.range(of: "recording on http://127.0.0.1:") {
                port = Int(line[range.upperBound...].prefix { $0.isNumber })
                break
            }
        }
        let proxyPort = try #require(port, "record printed no banner")
        let (status, output) = try await ChildProcess.run(
            python,
            [root.appendingPathComponent("Tests/Interop/sdk_tool_loops.py").path, "http://127.0.0.1:\(proxyPort)"])
        record.signal(SIGTERM)
        #expect(await record.waitForExit() == 0)
        #expect(status == 0, "sdk_tool_loops.py failed: \(String(decoding: output, as: UTF8.self))")
        for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
            let result = try JSONValue.parse(String(line))
            let name = result["name"]?.stringValue ?? "?"
            #expect(result["error"]?.isNull == true, "\(name): \(result.serialized())")
            #expect(result["turns"]?.intValue == Self.conversations[name], "\(name)")
        }

        // Grouping: one session per conversation, its exchanges in turn order on one thread.
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
        #expect(Set(sessionOf.keys) == ["a", "b", "c"])

        // ls --json lists the three sessions with their counts.
        let ls = try await ChildProcess.run(binary, ["ls", "--json", "--db", db])
        #expect(ls.0 == 0)
        let listed = try JSONValue.parse(bytes: [UInt8](ls.1)).arrayValue ?? []
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
        let export = try await ChildProcess.run(
            binary, ["export", session, "--format", "md", "-o", markdown.path, "--db", db])
        #expect(export.0 == 0)
        let text = (try? String(contentsOf: markdown, encoding: .utf8)) ?? ""
        #expect(text.contains("Plan my afternoon in Paris."))
        #expect(text.contains("get_weather") && text.contains("find_places"))
        #expect(text.contains("get_weather: 3 results"))

        // The session view lists the three turns.
        let snapshot = try await ChildProcess.run(
            binary, ["replay", session, "--snapshot", "--width", "120", "--height", "40", "--db", db])
        #expect(snapshot.0 == 0)
        let screen = String(decoding: snapshot.1, as: UTF8.self)
        #expect(screen.contains("T1") && screen.contains("T2") && screen.contains("T3"), "\(screen)")
    }
}

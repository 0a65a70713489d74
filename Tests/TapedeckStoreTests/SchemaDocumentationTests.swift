import Foundation
import GRDB
import TapedeckCore
import TapedeckTestSupport
import Testing

@testable import TapedeckStore

/// Runs the example SQL of docs/schema.md against a populated database, so the documentation cannot rot.
@Suite struct SchemaDocumentationTests {
    static let documentPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../docs/schema.md").standardized.path

    /// `<!-- MARKER: NAME -->` followed by a ```sql block (`example` for SQLite, `example-postgres`).
    static func examples(marker: String = "example") throws -> [String: String] {
        let opening = "<!-- \(marker): "
        let text = try String(contentsOfFile: documentPath, encoding: .utf8)
        var examples: [String: String] = [:]
        let lines = text.components(separatedBy: "\n")
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix(opening), line.hasSuffix(" -->"),
                index + 1 < lines.count, lines[index + 1] == "```sql"
            {
                let name = String(line.dropFirst(opening.count).dropLast(" -->".count))
                var sql: [String] = []
                index += 2
                while index < lines.count, lines[index] != "```" {
                    sql.append(lines[index])
                    index += 1
                }
                examples[name] = sql.joined(separator: "\n")
            }
            index += 1
        }
        return examples
    }

    struct Populated {
        let directory: TemporaryDirectory
        let store: TapedeckStore
        let errorExchangeID: String
        let latestID: String
    }

    static func populated() async throws -> Populated {
        let directory = try TemporaryDirectory()
        let store = try TapedeckStore(path: directory.path("doc.sqlite"))
        let ids = try await populate(store)
        return Populated(directory: directory, store: store, errorExchangeID: ids.errorID, latestID: ids.latestID)
    }

    /// Fills `store` (either backend) with the recordings the examples' documented answers are about.
    static func populate(_ store: any RecordingStore) async throws -> (errorID: String, latestID: String) {
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        let second: Int64 = 1_000_000_000
        // TTFTs 1...20 ms for sonnet (plus two exchanges at 120 ms below) and 101...110 ms for opus:
        // nearest-rank p95 is the 21st of 22 (120 ms) and the 10th of 10 (110 ms).
        for index in 1...20 {
            try await store.insertOne(
                Fixtures.exchange(startedAt: now - 3600 * second + Int64(index) * second, ttftMillis: Int64(index)))
        }
        for index in 1...10 {
            try await store.insertOne(
                Fixtures.exchange(
                    startedAt: now - 1800 * second + Int64(index) * second, model: "claude-opus-4-1",
                    ttftMillis: Int64(100 + index)))
        }
        // A failed attempt with a mid-stream error event, then its retry through the recorder.
        var failed = Fixtures.exchange(startedAt: now - 60 * second, outcome: .errorEvent, text: ["Part"])
        let errorData = #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#
        failed.events.append(
            RecordedEvent(
                sequence: failed.events.count, offsetNanos: 500_000_000, type: "error", data: errorData,
                raw: Array("event: error\ndata: \(errorData)\n\n".utf8)))
        try await store.insertOne(failed)
        let recorder = store.makeRecorder()
        var retry = Fixtures.summary(startedAt: now - 30 * second, outcome: .inProgress)
        recorder.begin(retry)
        recorder.append(exchangeID: retry.id, events: Fixtures.events(text: ["Hello", ", ", "world"]))
        retry.outcome = .complete
        recorder.finish(retry, trailing: [], trailingOffsetNanos: nil)
        await recorder.close()
        return (failed.summary.id, retry.id)
    }

    @Test func everyExampleIsTestedHere() throws {
        #expect(
            Set(try Self.examples().keys)
                == [
                    "error-exchanges", "p95-ttft", "exchange-text", "outcomes-last-day", "retries", "sessions",
                    "stalls",
                ])
    }

    @Test func exampleQueriesGiveTheDocumentedAnswers() async throws {
        let examples = try Self.examples()
        let fixture = try await Self.populated()
        try check(examples, fixture)
    }

    /// Synchronous so GRDB's blocking `read` is used.
    func check(_ examples: [String: String], _ fixture: Populated) throws {
        try fixture.store.database.read { db in
            let sessions = try Row.fetchAll(db, sql: try #require(examples["sessions"]))
            let sessionCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sessions")
            let exchangeCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM exchanges")
            #expect(sessions.count == sessionCount && sessions.count > 0)
            #expect(sessions.map { $0["exchanges"] as Int }.reduce(0, +) == exchangeCount)
            #expect(sessions.map { $0["failed"] as Int }.reduce(0, +) > 0)
            let errors = try Row.fetchAll(db, sql: try #require(examples["error-exchanges"]))
            #expect(errors.count == 1)
            #expect(errors.first?["id"] == fixture.errorExchangeID)
            #expect(errors.first?["error_type"] == "overloaded_error")
            #expect(errors.first?["error_message"] == "Overloaded")

            let p95 = try Row.fetchAll(db, sql: try #require(examples["p95-ttft"]))
            #expect(p95.map { $0["model"] as String } == ["claude-opus-4-1", "claude-sonnet-4-5"])
            #expect(p95.map { $0["p95_ttft_ms"] as Double } == [110, 120])
            #expect(p95.map { $0["exchanges"] as Int } == [10, 22])

            let text = try String.fetchOne(db, sql: try #require(examples["exchange-text"]))
            #expect(text == "Hello, world")

            let outcomes = try Row.fetchAll(db, sql: try #require(examples["outcomes-last-day"]))
            #expect(outcomes.map { $0["outcome"] as String } == ["complete", "error_event"])
            #expect(outcomes.map { $0["exchanges"] as Int } == [31, 1])

            let retries = try Row.fetchAll(db, sql: try #require(examples["retries"]))
            #expect(retries.count == 1)
            #expect(retries.first?["id"] == fixture.latestID)
            #expect(retries.first?["retry_of"] == fixture.errorExchangeID)
            #expect(retries.first?["attempt"] == 2)
            #expect(retries.first?["retried_outcome"] == "error_event")

            let stalls = try Row.fetchAll(db, sql: try #require(examples["stalls"]))
            #expect(stalls.count == 32)
            // The failed exchange's error arrived 500 ms in, after the events at 1...6 ms.
            #expect(stalls.first?["exchange_id"] == fixture.errorExchangeID)
            #expect(stalls.first?["longest_gap_ms"] == 494.0)
        }
    }

    @Test func examplesRunInTheSQLiteShell() async throws {
        let shell = "/usr/bin/sqlite3"
        try #require(
            FileManager.default.isExecutableFile(atPath: shell), "sqlite3 is missing: run Scripts/bootstrap.sh")
        let examples = try Self.examples()
        let fixture = try await Self.populated()
        let run = try await ProcessRunner.run(
            URL(fileURLWithPath: shell),
            ["-readonly", "-bail", fixture.store.path, try #require(examples["exchange-text"])])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "Hello, world\n")
    }
}

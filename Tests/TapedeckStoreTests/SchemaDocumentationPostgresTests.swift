import Foundation
import PostgresNIO
import TapedeckPostgres
import Testing

@testable import TapedeckStore

/// Runs docs/schema.md's PostgreSQL examples on the test server, over the same recordings as the SQLite ones, and
/// checks the same answers: the team store's documentation cannot rot either.
@Suite struct SchemaDocumentationPostgresTests {
    @Test func everySQLiteExampleHasAPostgreSQLForm() throws {
        let sqlite = Set(try SchemaDocumentationTests.examples().keys)
        #expect(Set(try SchemaDocumentationTests.examples(marker: "example-postgres").keys) == sqlite)
    }

    @Test func postgreSQLExamplesGiveTheDocumentedAnswers() async throws {
        try #require(Backend.all.contains(.postgres), "TAPEDECK_SKIP_POSTGRES=1 leaves the PostgreSQL forms untested")
        let examples = try SchemaDocumentationTests.examples(marker: "example-postgres")
        let url = try await TestDatabase.create()
        let store = try await PostgresStore.open(url: url)
        let ids = try await SchemaDocumentationTests.populate(store)
        try await store.close()
        func rows(_ name: String) async throws -> [[String: Any]] {
            try await Self.rows(try #require(examples[name]), url: url)
        }

        let sessions = try await rows("sessions")
        #expect(sessions.count == (try await TestDatabase.count("SELECT COUNT(*) FROM sessions", url: url)))
        #expect(sessions.count > 0)
        let exchangeCount = try await TestDatabase.count("SELECT COUNT(*) FROM exchanges", url: url)
        #expect(sessions.map { Self.int($0["exchanges"]) }.reduce(0, +) == exchangeCount)
        #expect(sessions.map { Self.int($0["failed"]) }.reduce(0, +) > 0)

        let errors = try await rows("error-exchanges")
        #expect(errors.count == 1)
        #expect(errors.first?["id"] as? String == ids.errorID)
        #expect(errors.first?["error_type"] as? String == "overloaded_error")
        #expect(errors.first?["error_message"] as? String == "Overloaded")

        let p95 = try await rows("p95-ttft")
        #expect(p95.map { $0["model"] as? String } == ["claude-opus-4-1", "claude-sonnet-4-5"])
        #expect(p95.map { Self.double($0["p95_ttft_ms"]) } == [110, 120])
        #expect(p95.map { Self.int($0["exchanges"]) } == [10, 22])

        let text = try await rows("exchange-text")
        #expect(text.map { $0["text"] as? String } == ["Hello, world"])

        let outcomes = try await rows("outcomes-last-day")
        #expect(outcomes.map { $0["outcome"] as? String } == ["complete", "error_event"])
        #expect(outcomes.map { Self.int($0["exchanges"]) } == [31, 1])

        let retries = try await rows("retries")
        #expect(retries.count == 1)
        #expect(retries.first?["id"] as? String == ids.latestID)
        #expect(retries.first?["retry_of"] as? String == ids.errorID)
        #expect(Self.int(retries.first?["attempt"]) == 2)
        #expect(retries.first?["retried_outcome"] as? String == "error_event")

        let stalls = try await rows("stalls")
        #expect(stalls.count == 32)
        #expect(stalls.first?["exchange_id"] as? String == ids.errorID)
        #expect(Self.double(stalls.first?["longest_gap_ms"]) == 494.0)
    }

    /// The rows `sql` returns on `url`'s database, each as a JSON object (PostgreSQL builds the JSON, in order).
    static func rows(_ sql: String, url: String) async throws -> [[String: Any]] {
        var query = sql.trimmingCharacters(in: .whitespacesAndNewlines)
        if query.hasSuffix(";") { query.removeLast() }
        let wrapped = "SELECT coalesce(json_agg(example), '[]')::text FROM (\(query)) AS example"
        let json = try await TestDatabase.withConnection(url: url) { connection, logger in
            var json = "[]"
            for try await text in try await connection.query(PostgresQuery(unsafeSQL: wrapped), logger: logger)
                .decode(String.self)
            {
                json = text
            }
            return json
        }
        return try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
    }

    static func int(_ value: Any?) -> Int { (value as? NSNumber)?.intValue ?? -1 }
    static func double(_ value: Any?) -> Double { (value as? NSNumber)?.doubleValue ?? .nan }
}

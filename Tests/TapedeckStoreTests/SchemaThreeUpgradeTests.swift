import Foundation
import GRDB
import TapedeckCore
import TapedeckPostgres
import Testing

@testable import TapedeckStore

/// The recorders' `continuation_digest` (SQLite schema 3, PostgreSQL migration v4): readers read a store
/// without it as it is; the first writer adds it.
@Suite struct SchemaThreeUpgradeTests {
    @Test func aSchemaTwoFileIsReadAsItIsAndUpgradedByTheFirstWriter() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("v2.sqlite")
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v2-exchanges-sessions-threads")
        try queue.write { db in
            var record = ExchangeRecord(Fixtures.summary(id: "b200000001"), requestBodySha256: "x")
            record.sessionId = "5e55000001"
            try record.insert(db)
            try SessionRecord(
                SessionSummary(id: "5e55000001", key: nil, grouping: .inferred, client: nil, startedAtNanos: 1)
            ).insert(db)
        }
        try queue.close()
        let before = SHA256.hex(Fixtures.fileBytes(path))

        let reader = try TapedeckStore(path: path, readOnly: true)
        #expect(try reader.exchanges().map(\.id) == ["b200000001"])
        try reader.close()
        #expect(SHA256.hex(Fixtures.fileBytes(path)) == before)

        let writer = try TapedeckStore(path: path)
        let (version, columns) = try writer.database.read { db in
            (
                try Int.fetchOne(db, sql: "PRAGMA user_version"),
                try db.columns(in: "exchanges").map(\.name)
            )
        }
        #expect(version == 3 && columns.contains("continuation_digest"))
        try writer.close()
    }

    @Test func aPostgresDatabaseWithoutTheDigestIsReadAsItIsAndUpgradedByTheFirstWriter() async throws {
        guard Backend.all.contains(.postgres) else { return }
        let url = try await TestDatabase.create()
        let store = try await PostgresStore.open(url: url)
        try await store.insert([Fixtures.exchange(id: "b200000002")])
        try await store.close()
        // A database as the build before migration v4 left it.
        try await TestDatabase.run("ALTER TABLE exchanges DROP COLUMN continuation_digest", url: url)
        try await TestDatabase.run(
            "DELETE FROM tapedeck_migrations WHERE name = 'v4-exchange-continuations'", url: url)

        let reader = try await PostgresStore.open(url: url, readOnly: true)
        #expect(try await reader.exchanges(.all).map(\.id) == ["b200000002"])
        try await reader.close()
        #expect(try await TestDatabase.count("SELECT count(*) FROM tapedeck_migrations", url: url) == 3)

        let writer = try await PostgresStore.open(url: url)
        try await writer.close()
        #expect(try await TestDatabase.count("SELECT count(*) FROM tapedeck_migrations", url: url) == 4)
        let column = try await TestDatabase.count(
            """
            SELECT count(*) FROM information_schema.columns
            WHERE table_name = 'exchanges' AND column_name = 'continuation_digest'
            """, url: url)
        #expect(column == 1)
    }
}

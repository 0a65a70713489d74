import Foundation
import GRDB
import TapedeckCore
import Testing

@testable import TapedeckStore

@Suite struct StoreOpeningTests {
    @Test func createsAMigratedPrivateWALDatabase() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("new.sqlite")
        let store = try TapedeckStore(path: path)
        try store.insert(Fixtures.exchange())
        #expect(Fixtures.mode(path) == 0o600)
        #expect(Fixtures.mode(path + "-wal") == 0o600)
        #expect(Fixtures.mode(path + "-shm") == 0o600)
        let (applicationID, userVersion, journal, meta) = try store.database.read { db in
            (
                try Int32.fetchOne(db, sql: "PRAGMA application_id"), try Int.fetchOne(db, sql: "PRAGMA user_version"),
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try [String: String](
                    uniqueKeysWithValues: MetaRecord.fetchAll(db).map { ($0.key, $0.value) })
            )
        }
        #expect(applicationID == Schema.applicationID)
        #expect(userVersion == Schema.currentVersion)
        #expect(journal == "wal")
        #expect(meta == ["application": "tapedeck", "schema_version": "3"])
        try store.close()
        // The application id is in the main file's header itself, not only in the WAL.
        #expect(try StoreFile.inspect(path) == .tapedeck)
    }

    @Test func reopeningKeepsDataAndDoesNotMigrateAgain() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("reopen.sqlite")
        let exchange = Fixtures.exchange(trailing: Array("event: content_block_delta\r\ndata: {\"ty".utf8))
        try TapedeckStore(path: path).insert(exchange)
        let reopened = try TapedeckStore(path: path)
        #expect(try reopened.loadExchange(id: exchange.summary.id).ungrouped == exchange)
        let readOnly = try TapedeckStore(path: path, readOnly: true)
        #expect(try readOnly.exchanges().map(\.id) == [exchange.summary.id])
        #expect(throws: StoreError.readOnly(path: path)) { try readOnly.markInterruptedExchanges() }
    }

    @Test func readOnlyNeverCreatesTheFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("missing.sqlite")
        let error = #expect(throws: StoreError.self) { try TapedeckStore(path: path, readOnly: true) }
        #expect(error == .noRecordings(path: path))
        #expect(error?.description.contains("No recordings in \(path) yet. Record with `tapedeck record") == true)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func emptyFileBecomesAStoreButNotReadOnly() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        #expect(throws: StoreError.noRecordings(path: path)) { try TapedeckStore(path: path, readOnly: true) }
        #expect(Fixtures.fileBytes(path).isEmpty)
        _ = try TapedeckStore(path: path)
        #expect(Fixtures.mode(path) == 0o600)
        #expect(try StoreFile.inspect(path) == .tapedeck)
    }

    @Test func refusesAFileThatIsNotSQLiteWithoutTouchingIt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("notes.txt")
        let contents = Data(String(repeating: "my precious notes\n", count: 20).utf8)
        #expect(FileManager.default.createFile(atPath: path, contents: contents))
        for readOnly in [false, true] {
            let error = #expect(throws: StoreError.self) { try TapedeckStore(path: path, readOnly: readOnly) }
            #expect(error == .notSQLite(path: path))
            #expect(error?.description.contains("--db") == true)
        }
        #expect(Fixtures.fileBytes(path) == [UInt8](contents))
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func refusesAForeignSQLiteDatabaseWithoutTouchingIt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("other.sqlite")
        let other = try DatabaseQueue(path: path)
        try other.write { db in
            try db.execute(
                sql: "CREATE TABLE exchanges (id INTEGER PRIMARY KEY, who TEXT); INSERT INTO exchanges VALUES (1, 'x')")
        }
        try other.close()
        let before = Fixtures.fileBytes(path)
        for readOnly in [false, true] {
            let error = #expect(throws: StoreError.self) { try TapedeckStore(path: path, readOnly: readOnly) }
            guard case .notTapedeck(let errorPath, _) = error else {
                Issue.record("expected notTapedeck, got \(String(describing: error))")
                continue
            }
            #expect(errorPath == path)
            #expect(error?.description.contains("left untouched") == true)
        }
        #expect(Fixtures.fileBytes(path) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func refusesANewerSchemaWithoutTouchingIt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("future.sqlite")
        try TapedeckStore(path: path).close()
        let future = try DatabaseQueue(path: path)
        try future.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = 99") }
        try future.close()
        let before = Fixtures.fileBytes(path)
        for readOnly in [false, true] {
            let error = #expect(throws: StoreError.self) { try TapedeckStore(path: path, readOnly: readOnly) }
            #expect(error == .newerSchema(path: path, found: 99, supported: Schema.currentVersion))
            #expect(error?.description.contains("upgrade tapedeck") == true)
        }
        #expect(Fixtures.fileBytes(path) == before)
    }

    @Test func refusesACorruptDatabaseWithoutTouchingIt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("corrupt.sqlite")
        let store = try TapedeckStore(path: path)
        try store.insert(Fixtures.exchange())
        try store.close()
        var bytes = Fixtures.fileBytes(path)
        // Keep the 100-byte header (so it still looks like ours) and scramble the schema page after it.
        for index in 100..<min(bytes.count, 4096) { bytes[index] = UInt8(truncatingIfNeeded: index &* 37) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        for readOnly in [false, true] {
            let error = #expect(throws: StoreError.self) { try TapedeckStore(path: path, readOnly: readOnly) }
            guard case .corrupt(let errorPath, _) = error else {
                Issue.record("expected corrupt, got \(String(describing: error))")
                continue
            }
            #expect(errorPath == path)
        }
        #expect(Fixtures.fileBytes(path) == bytes)
    }

    @Test func refusesADirectory() throws {
        let directory = try TemporaryDirectory()
        let error = #expect(throws: StoreError.self) { try TapedeckStore(path: directory.url.path) }
        guard case .cannotOpen = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
    }
}

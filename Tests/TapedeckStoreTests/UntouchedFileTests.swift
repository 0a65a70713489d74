import Foundation
import TapedeckCore
import Testing

@testable import TapedeckStore

/// "Left untouched" must be true: an open that writes nothing leaves the database file's bytes as they were
/// (compared as whole-file SHA-256), whether the command only reads, fails before writing, or finds damage.
@Suite struct UntouchedFileTests {
    /// A closed store holding `count` exchanges (no WAL left: a clean close checkpoints and removes it).
    private func storeFile(_ directory: TemporaryDirectory, exchanges count: Int = 3) throws -> String {
        let path = directory.path("recordings.sqlite")
        let store = try TapedeckStore(path: path)
        for position in 0..<count {
            let text = Array(repeating: "a reasonably long piece of streamed text", count: 20)
            try store.insert(Fixtures.exchange(startedAt: 1_764_000_000_000_000_000 + Int64(position), text: text))
        }
        try store.close()
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        return path
    }

    private func digest(_ path: String) -> String { SHA256.hex(Fixtures.fileBytes(path)) }

    @Test func readWriteOpenThatOnlyReadsLeavesTheFileAsItWas() throws {
        let directory = try TemporaryDirectory()
        let path = try storeFile(directory)
        let before = digest(path)
        let store = try TapedeckStore(path: path)
        #expect(try store.exchanges().count == 3)
        try store.close()
        #expect(digest(path) == before)
    }

    @Test func readOnlyOpenLeavesTheFileAsItWas() throws {
        let directory = try TemporaryDirectory()
        let path = try storeFile(directory)
        let before = digest(path)
        let store = try TapedeckStore(path: path, readOnly: true)
        let ids = try store.exchanges().map(\.id)
        for id in ids { _ = try store.loadExchange(id: id) }
        #expect(FileManager.default.fileExists(atPath: path + "-shm"))
        try store.close()
        #expect(digest(path) == before)
        // The directory too: the readers' empty `-wal` and `-shm` are gone.
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: path + "-shm"))
    }

    @Test func closingAReaderLeavesTheJournalOfAWriterStillAtWork() throws {
        let directory = try TemporaryDirectory()
        let path = try storeFile(directory)
        let writer = try TapedeckStore(path: path)
        try writer.insert(Fixtures.exchange())
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        let reader = try TapedeckStore(path: path, readOnly: true)
        #expect(try reader.exchanges().count == 4)
        try reader.close()
        // The writer's log is its own (and not empty): still there, and the writer goes on.
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(FileManager.default.fileExists(atPath: path + "-shm"))
        try writer.insert(Fixtures.exchange(startedAt: 1_764_000_000_000_000_999))
        try writer.close()
        #expect(try TapedeckStore(path: path, readOnly: true).exchanges().count == 5)
    }

    @Test func aReaderOpenedWhileAnotherProcessHoldsAnEmptyJournalDoesNotRemoveIt() throws {
        let directory = try TemporaryDirectory()
        let path = try storeFile(directory)
        // Another reader made the (empty) journal first: it is theirs, so this store leaves it.
        let first = try TapedeckStore(path: path, readOnly: true)
        #expect(try first.exchanges().count == 3)
        let second = try TapedeckStore(path: path, readOnly: true)
        #expect(try second.exchanges().count == 3)
        try second.close()
        #expect(FileManager.default.fileExists(atPath: path + "-shm"))
        #expect(try first.exchanges().count == 3)
        try first.close()
        #expect(!FileManager.default.fileExists(atPath: path + "-shm"))
    }

    @Test func theFirstWriteStillLands() throws {
        let directory = try TemporaryDirectory()
        let path = try storeFile(directory)
        let store = try TapedeckStore(path: path)
        let added = Fixtures.exchange()
        try store.insert(added)
        #expect(try store.loadExchange(id: added.summary.id).summary.id == added.summary.id)
        #expect(try store.exchanges().count == 4)
        try store.close()
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(try TapedeckStore(path: path, readOnly: true).exchanges().count == 4)
    }

    @Test func damagedFileIsReportedAndLeftByteForByteAsItWas() throws {
        let directory = try TemporaryDirectory()
        let path = try storeFile(directory, exchanges: 40)
        var bytes = Fixtures.fileBytes(path)
        // Keep the first page (header and schema: the file still opens as ours) and scramble the data pages.
        let pageSize = 4_096
        #expect(bytes.count > pageSize * 4)
        for index in (pageSize * 2)..<bytes.count { bytes[index] = UInt8(truncatingIfNeeded: index &* 131 &+ 7) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let before = digest(path)
        var errors: [StoreError] = []
        do {
            let store = try TapedeckStore(path: path)
            for summary in try store.exchanges() { _ = try store.loadExchange(id: summary.id) }
            try store.close()
        } catch {
            errors.append(error)
        }
        #expect(errors.count == 1)
        if case .corrupt(let errorPath, _) = errors.first {
            #expect(errorPath == path)
            #expect(errors.first?.description.contains("left untouched") == true)
        } else {
            Issue.record("expected corrupt, got \(errors)")
        }
        #expect(digest(path) == before)
    }
}

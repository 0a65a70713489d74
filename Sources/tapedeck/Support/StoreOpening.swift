import Foundation
import TapedeckStore

/// Opening the recordings for a command that only reads them, with one message for a file that is not there.
enum StoreOpening {
    /// What every command says when `path` holds no recordings: where it looked and how to make some.
    static func noRecordingsMessage(_ path: String) -> String {
        StoreError.noRecordings(path: path).description
    }

    /// The store at `path`, read-only; a missing or foreign file is a `CommandFailure` that says what to do.
    static func forReading(_ path: String) throws -> TapedeckStore {
        guard FileManager.default.fileExists(atPath: path) else { throw CommandFailure(noRecordingsMessage(path)) }
        do {
            return try TapedeckStore(path: path, readOnly: true)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}

import Foundation
import TapedeckCore
import TapedeckPostgres
import TapedeckStore

/// Opening the recordings for a command: the one place that picks the backend from `--db` / `TAPEDECK_DB`.
enum StoreOpening {
    /// What every command says when `location` holds no recordings: where it looked and how to make some.
    static func noRecordingsMessage(_ location: String) -> String {
        StoreError.noRecordings(path: StoreLocation.shown(location)).description
    }

    /// The store at `location`, for writing (created and migrated when new); errors as `StoreError`s.
    static func open(_ location: String, readOnly: Bool = false) async throws(StoreError) -> any RecordingStore {
        if StoreLocation.isServerURL(location) {
            return try await PostgresStore.open(url: location, readOnly: readOnly)
        }
        return try TapedeckStore(path: location, readOnly: readOnly)
    }

    /// The store at `location`, read-only; a missing or foreign file is a `CommandFailure` that says what to do.
    static func forReading(_ location: String) async throws -> any RecordingStore {
        guard StoreLocation.isServerURL(location) || FileManager.default.fileExists(atPath: location) else {
            throw CommandFailure(noRecordingsMessage(location))
        }
        do {
            return try await open(location, readOnly: true)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// An existing store at `location`, for writing (a missing file is not created).
    static func forReadingAndWriting(_ location: String) async throws -> any RecordingStore {
        guard StoreLocation.isServerURL(location) || FileManager.default.fileExists(atPath: location) else {
            throw CommandFailure(noRecordingsMessage(location))
        }
        return try await forWriting(location)
    }

    /// The store at `location`, for writing; any failure is a `CommandFailure` with the store's message.
    static func forWriting(_ location: String) async throws -> any RecordingStore {
        do {
            return try await open(location)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}

extension StoreOpening {
    /// Each exchange of `summaries` loaded whole, in the same order.
    static func loadAll<S: Sequence<ExchangeSummary>>(_ summaries: S, from store: any RecordingStore)
        async throws(StoreError) -> [RecordedExchange]
    {
        var loaded: [RecordedExchange] = []
        for summary in summaries { loaded.append(try await store.loadExchange(id: summary.id)) }
        return loaded
    }
}

extension StoreLocation {
    /// `location` as messages may show it: a server URL without its password, a path as it is.
    static func shown(_ location: String) -> String {
        isServerURL(location) ? PostgresLocation.redacting(location) : location
    }
}

import TapedeckCore
import TapedeckStore

/// Puts imported files into a store, one file at a time and each file all-or-nothing: a file is
/// parsed completely first; then its exchanges are inserted, and if any insert fails the ones already
/// inserted from that file are removed again, so the store never holds half a file.
public enum StoreImport {
    /// What happened to one file.
    public struct FileResult: Sendable {
        /// The file as given.
        public var file: String
        /// The exchanges stored from it (empty on failure).
        public var exchanges: [ExchangeSummary]
        /// Why the file was not imported, if it was not.
        public var error: ImportError?
        /// Exchanges of the file that were already in the store (same id: an earlier import of the same
        /// recording), left as they were.
        public var alreadyStored: [String] = []
    }

    /// Reads, parses and stores `path`, secrets redacted by `redactor`.
    public static func importFile(
        _ path: String, into store: any RecordingStore, redactor: HeaderRedactor = HeaderRedactor()
    ) async -> FileResult {
        let exchanges: [RecordedExchange]
        do {
            exchanges = try ExchangeImporter.read(path: path, redactor: redactor)
        } catch {
            return FileResult(file: path, exchanges: [], error: error)
        }
        return await insert(exchanges, from: path, into: store)
    }

    /// Stores already parsed `exchanges` of `file`, all or none.
    public static func insert(_ exchanges: [RecordedExchange], from file: String, into store: any RecordingStore)
        async -> FileResult
    {
        var known: [String] = []
        for exchange in exchanges {
            guard let stored = try? await store.exchange(id: exchange.summary.id) else { continue }
            guard Self.isSameRecording(stored, exchange.summary) else {
                let problem =
                    "exchange \(stored.id) is already stored with different content (not overwritten); "
                    + "nothing from this file was imported"
                return FileResult(file: file, exchanges: [], error: ImportError(file: file, problem: problem))
            }
            known.append(stored.id)
        }
        let fresh = exchanges.filter { !known.contains($0.summary.id) }
        do {
            // One transaction for the whole file: a failure (or a crash) leaves nothing of it behind.
            if !fresh.isEmpty { try await store.insert(fresh) }
        } catch {
            let problem = "could not be stored (\(error.description)); nothing from this file was imported"
            return FileResult(file: file, exchanges: [], error: ImportError(file: file, problem: problem))
        }
        return FileResult(file: file, exchanges: fresh.map(\.summary), error: nil, alreadyStored: known)
    }

    /// Whether a stored exchange and an imported one with the same id are the same recording (an earlier
    /// import of it), so skipping it loses nothing; anything else is a conflict.
    public static func isSameRecording(_ stored: ExchangeSummary, _ imported: ExchangeSummary) -> Bool {
        stored.method == imported.method && stored.path == imported.path && stored.status == imported.status
            && stored.requestBody == imported.requestBody && stored.eventCount == imported.eventCount
            && stored.outcome == imported.outcome
    }
}

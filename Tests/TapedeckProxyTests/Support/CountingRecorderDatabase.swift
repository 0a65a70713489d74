import Dispatch
import Foundation
import NIOConcurrencyHelpers

@testable import TapedeckProxy
@testable import TapedeckStore

/// A recorder database that counts its commits and refuses every transaction while told to (as a locked or full
/// SQLite file would), signalling `refused` at each refusal so a test waits for the fault instead of sleeping.
final class CountingRecorderDatabase: RecorderDatabase {
    private let inner: any RecorderDatabase
    private let counts = NIOLockedValueBox((commits: 0, refusing: false))
    /// Signalled once per refused transaction.
    let refused = DispatchSemaphore(value: 0)

    /// Writes into `store`'s file.
    init(store: TapedeckStore) {
        inner = SQLiteRecorderDatabase(store: store)
    }

    /// Transactions committed so far.
    var commits: Int { counts.withLockedValue { $0.commits } }

    /// Makes later transactions fail (true) or go through again (false).
    func refuse(_ refusing: Bool) {
        counts.withLockedValue { $0.refusing = refusing }
    }

    var location: String { inner.location }

    func transaction(_ body: (any StoreTransaction) throws -> Void) throws {
        if counts.withLockedValue({ $0.refusing }) {
            refused.signal()
            throw Refusal()
        }
        try inner.transaction(body)
        counts.withLockedValue { $0.commits += 1 }
    }

    func describe(_ error: any Error, operation: String) -> String {
        error is Refusal ? "\(operation): the database is locked (test)" : inner.describe(error, operation: operation)
    }

    func replacementIfGone() -> RecorderDatabaseReplacement? { inner.replacementIfGone() }

    func close() { inner.close() }

    /// Returns once a transaction has been refused (the recorder thread is then retrying).
    func untilRefused() async {
        let refused = self.refused
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                refused.wait()
                continuation.resume()
            }
        }
    }

    /// A capture recorder over a counting database on a new file in `directory`, with a flush window of `window` s.
    static func makeRecorder(in directory: URL, window: TimeInterval) throws -> (
        TapedeckStore, CountingRecorderDatabase, StoreCaptureRecorder
    ) {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try TapedeckStore(path: directory.appendingPathComponent("recorder.sqlite").path)
        let database = CountingRecorderDatabase(store: store)
        let exchangeRecorder = ExchangeRecorder(database: database, lock: nil, configuration: .init())
        return (store, database, StoreCaptureRecorder(exchangeRecorder: exchangeRecorder, flushWindow: window))
    }

    private struct Refusal: Error {}
}

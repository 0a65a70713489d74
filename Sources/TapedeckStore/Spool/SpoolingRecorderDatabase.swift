import Foundation
import GRDB

/// A server's recorder database that never makes the recording wait for the server: when a batch fails because
/// the server cannot be reached (not because it refused a statement), the batch and the ones after it go into a
/// local SQLite spool, the user is told at once which file holds them, and the server is probed with backoff
/// (0.5 s doubling to 10 s, at the next batch due). When it answers, the spool is uploaded (exchanges begun before
/// the outage are continued there), removed, and the writing goes back to the server. Nothing above the store
/// sees which one it writes to.
package final class SpoolingRecorderDatabase: RecorderDatabase {
    private let server: any RecorderDatabase
    private let spool: RecorderSpool
    private let isUnreachable: @Sendable (any Error) -> Bool
    private let onNotice: (@Sendable (String) -> Void)?
    private let guarded = SpoolingState()

    /// Writes into `server`, and into `spool` while `isUnreachable` says the server's errors mean it is away;
    /// `onNotice` tells the user when the recording moves between them.
    package init(
        server: any RecorderDatabase, spool: RecorderSpool, isUnreachable: @escaping @Sendable (any Error) -> Bool,
        onNotice: (@Sendable (String) -> Void)?
    ) {
        self.server = server
        self.spool = spool
        self.isUnreachable = isUnreachable
        self.onNotice = onNotice
    }

    package var location: String { server.location }

    package func transaction(_ body: (any StoreTransaction) throws -> Void) throws {
        try guarded.withLock { state in
            if state.spooling != nil, ContinuousClock.now >= state.nextProbe { returnToServer(&state) }
            if state.spooling == nil {
                guard try writeToServer(body, &state) else { return }
            }
            try writeToSpool(body, &state)
        }
    }

    package func describe(_ error: any Error, operation: String) -> String {
        if error is DatabaseError || error is StoreError, let path = guarded.spoolPath {
            return StoreError.wrappingWrite(error, path: path, operation: operation).description
        }
        return server.describe(error, operation: operation)
    }

    package func replacementIfGone() -> RecorderDatabaseReplacement? { nil }

    package func close() {
        guarded.withLock { state in
            if let store = state.spooling?.store { try? store.close() }
            state.spooling?.store = nil
            spool.setCurrent(state.spooling?.path)
        }
        server.close()
    }

    /// Writes the batch into the server; returns true when it is to go into the spool instead (the server became
    /// unreachable before the batch began). A batch the server broke off halfway is thrown back to the recorder,
    /// which retries it on its unchanged state, into the spool by then.
    private func writeToServer(_ body: (any StoreTransaction) throws -> Void, _ state: inout SpoolingState.State)
        throws -> Bool
    {
        var began = false
        var live = state.live
        do {
            try server.transaction { base in
                began = true
                let tracking = LiveTrackingTransaction(base: base, live: live, present: nil)
                try body(tracking)
                live = tracking.live
            }
            state.live = live
            return false
        } catch {
            guard isUnreachable(error), startSpooling(&state, reason: server.describe(error, operation: "recording"))
            else { throw error }
            if began { throw error }
            return true
        }
    }

    /// Writes the batch into the spool, giving exchanges begun on the server their rows there first.
    private func writeToSpool(_ body: (any StoreTransaction) throws -> Void, _ state: inout SpoolingState.State)
        throws
    {
        guard var spooling = state.spooling else { return }
        let store: TapedeckStore
        if let open = spooling.store {
            store = open
        } else {
            store = try TapedeckStore(path: spooling.path)
            spooling.store = store
            state.spooling = spooling
        }
        var live = state.live
        var present = spooling.present
        try SQLiteRecorderDatabase(store: store).transaction { base in
            let tracking = LiveTrackingTransaction(base: base, live: live, present: present)
            try body(tracking)
            live = tracking.live
            present = tracking.present ?? present
        }
        state.live = live
        state.spooling?.present = present
    }

    /// Starts a spool file for the recording; false (and the user told) when none can be made there.
    private func startSpooling(_ state: inout SpoolingState.State, reason: String) -> Bool {
        let path = spool.newPath()
        do {
            let store = try TapedeckStore(path: path)
            state.spooling = SpoolingState.Spooling(path: path, store: store)
        } catch {
            onNotice?(
                "\(server.location) cannot be reached (\(reason)) and the local spool \(path) cannot be made "
                    + "(\(error)); the recorder keeps its events in memory up to its cap and counts what it loses")
            return false
        }
        state.probeInterval = .milliseconds(500)
        state.nextProbe = ContinuousClock.now + state.probeInterval
        guarded.setSpoolPath(path)
        spool.setCurrent(path)
        onNotice?(
            "\(server.location) cannot be reached mid-run (\(reason)); recording goes on into the local spool "
                + "\(path), uploaded when the server answers again (\(state.live.count) exchange(s) in progress "
                + "continue there)")
        return true
    }

    /// Uploads the spool when the server answers, then writes into the server again; else probes later.
    private func returnToServer(_ state: inout SpoolingState.State) {
        guard let spooling = state.spooling else { return }
        // The upload reads the file through a connection of its own and removes it: close ours first.
        if let store = spooling.store { try? store.close() }
        state.spooling?.store = nil
        switch spool.uploadWaiting(spooling.path) {
        case .serverAway:
            state.probeInterval = min(state.probeInterval * 2, .seconds(10))
            state.nextProbe = ContinuousClock.now + state.probeInterval
            return
        case .uploaded(let line):
            onNotice?("\(server.location) answers again: \(line); recording goes on into the server")
        case .kept(let line):
            spool.keep(spooling.path)
            onNotice?("\(server.location) answers again: \(line); recording goes on into the server")
        }
        state.spooling = nil
        guarded.setSpoolPath(nil)
        spool.setCurrent(nil)
    }
}

/// What a `SpoolingRecorderDatabase` changes as it writes, on the recorder's writer thread.
///
/// `@unchecked Sendable`: `state` is only touched under `lock` (recursive: describing an error met inside a
/// transaction reads the spool path while the transaction holds it).
private final class SpoolingState: @unchecked Sendable {
    /// The spool being written.
    struct Spooling {
        /// Its file.
        var path: String
        /// Its open store (closed while an upload reads the file).
        var store: TapedeckStore?
        /// Exchanges with a row in it.
        var present: Set<String> = []
    }

    /// Everything the writer changes.
    struct State {
        /// The live exchanges' rows, for a spool to carry them on.
        var live = LiveExchangeRows()
        /// The spool written while the server is away; nil while writing into the server.
        var spooling: Spooling?
        /// When to try the server again, and the wait after that.
        var nextProbe = ContinuousClock.now
        var probeInterval: Duration = .milliseconds(500)
    }

    private let lock = NSRecursiveLock()
    private var state = State()
    /// The spool's path as error messages name it: apart from `state`, which a transaction holds meanwhile.
    private var path: String?

    /// Runs `body` on the state under the lock.
    func withLock<T>(_ body: (inout State) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }

    /// The spool file being written, nil while writing into the server.
    var spoolPath: String? {
        lock.lock()
        defer { lock.unlock() }
        return path
    }

    /// Sets `spoolPath`.
    func setSpoolPath(_ newPath: String?) {
        lock.lock()
        defer { lock.unlock() }
        path = newPath
    }
}

import Foundation
import GRDB

/// A server's recorder database that never makes the recording wait for the server: when a batch fails because
/// the server cannot be reached (not because it refused a statement), the batch and the ones after it go into a
/// local SQLite spool and the user is told at once which file holds them. A thread of its own probes the server
/// with backoff (0.5 s doubling to 10 s); when it answers, the spool is uploaded (exchanges begun before the
/// outage are continued there), removed, and the writing goes back to the server. Nothing above the store sees
/// which one it writes to. The upload does not hold the recording up: what the spool holds goes up while the
/// recorder keeps writing into it, and only what came meanwhile is uploaded with the recorder waiting.
package final class SpoolingRecorderDatabase: RecorderDatabase {
    private let server: any RecorderDatabase
    private let spool: RecorderSpool
    private let unreachable: @Sendable (any Error) -> String?
    private let onNotice: (@Sendable (String) -> Void)?
    private let guarded = SpoolingState()

    /// Writes into `server`, and into `spool` while `unreachable` gives a reason for its error (nil: the server
    /// answered and refused, which the recorder handles as ever); `onNotice` tells the user when the recording
    /// moves between them.
    package init(
        server: any RecorderDatabase, spool: RecorderSpool, unreachable: @escaping @Sendable (any Error) -> String?,
        onNotice: (@Sendable (String) -> Void)?
    ) {
        self.server = server
        self.spool = spool
        self.unreachable = unreachable
        self.onNotice = onNotice
    }

    package var location: String { server.location }

    package func transaction(_ body: (any StoreTransaction) throws -> Void) throws {
        try guarded.withLock { state in
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
            state.closed = true
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
            guard let reason = unreachable(error), startSpooling(&state, reason: reason) else { throw error }
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

    /// Starts a spool file for the recording, and the probe that ends it; false (and the user told) when none
    /// can be made there.
    private func startSpooling(_ state: inout SpoolingState.State, reason: String) -> Bool {
        // After a spool could not be made, the recorder's own retries go on without one for a while (and
        // without telling the user again at every retry).
        if let retry = state.nextSpoolAttempt, ContinuousClock.now < retry { return false }
        let path = spool.newPath()
        do {
            let store = try TapedeckStore(path: path)
            state.spooling = SpoolingState.Spooling(path: path, store: store)
            state.nextSpoolAttempt = nil
        } catch {
            state.nextSpoolAttempt = ContinuousClock.now + .seconds(10)
            onNotice?(
                "\(server.location) cannot be reached (\(reason)) and the local spool \(path) cannot be made "
                    + "(\(error)); the recorder keeps its events in memory up to its cap and counts what it loses")
            return false
        }
        state.generation += 1
        guarded.setSpoolPath(path)
        spool.setCurrent(path)
        onNotice?(
            "\(server.location) cannot be reached mid-run (\(reason)); recording goes on into the local spool "
                + "\(path), uploaded when the server answers again (\(state.live.count) exchange(s) in progress "
                + "continue there)")
        let generation = state.generation
        BackgroundThread.start(named: "tapedeck-probe") { [self] in probe(generation) }
        return true
    }

    /// The probe of one spool: tries the server with backoff, off the writer's thread (a server that does not
    /// answer may take its connect timeout), until it answers and the spool is uploaded, or the recorder stops.
    private func probe(_ generation: Int) {
        var milliseconds = 500
        while true {
            Thread.sleep(forTimeInterval: Double(milliseconds) / 1000)
            milliseconds = min(milliseconds * 2, 10_000)
            guard guarded.withLock({ !$0.closed && $0.generation == generation && $0.spooling != nil }) else { return }
            do {
                // An empty transaction: the server's own connection, opened again (with the recorder's lock).
                try server.transaction { _ in }
            } catch {
                continue
            }
            // Most of the spool goes up without the lock, while the recorder goes on writing into the file; the
            // upload under the lock then only has what came meanwhile.
            guard let path = guarded.withLock({ $0.generation == generation ? $0.spooling?.path : nil }) else {
                return
            }
            if case .serverAway = spool.uploadWaiting(path, .copySoFar) { continue }
            let done = guarded.withLock { state -> Bool in
                guard !state.closed, state.generation == generation, state.spooling != nil else {
                    // The recorder stopped while this probe connected: the connection goes too.
                    if state.closed { server.close() }
                    return true
                }
                returnToServer(&state)
                return state.spooling == nil
            }
            if done { return }
        }
    }

    /// Uploads the spool now that the server answers, then writes into the server again (unless the upload found
    /// it away again: the spool goes on and the probe tries later).
    private func returnToServer(_ state: inout SpoolingState.State) {
        guard let spooling = state.spooling else { return }
        // The upload reads the file through a connection of its own and removes it: close ours first.
        if let store = spooling.store { try? store.close() }
        state.spooling?.store = nil
        switch spool.uploadWaiting(spooling.path, .finish) {
        case .serverAway:
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

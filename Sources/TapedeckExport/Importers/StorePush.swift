import TapedeckCore
import TapedeckStore

/// Copying recordings between stores without duplicating or overwriting: what `push` (and a spool's upload)
/// does. Ids are global: an exchange the target holds the same is skipped; one it holds unfinished that the
/// source carries on (a recorder's spool while the server was away) is continued with the events it lacks; any
/// other difference is a conflict, reported and left as it is.
public enum StorePush {
    /// What one push did.
    public struct Report: Sendable {
        /// Exchanges copied.
        public var added = 0
        /// Exchanges the target held already, with the same content.
        public var alreadyThere = 0
        /// Exchanges the target held unfinished, carried on from the source.
        public var continued = 0
        /// Events added to the continued exchanges.
        public var continuedEvents = 0
        /// Ids the target holds with different content (left as they were).
        public var conflicts: [String] = []

        /// An empty report.
        public init() {}
    }

    /// Copies what `target` lacks of `source`, session by session (each all or nothing), then continues the
    /// exchanges the target holds unfinished (each in one transaction). `leavingUnfinished` leaves out exchanges
    /// the target lacks that are still in progress in `source`, for a later push once they are further on (a
    /// spool copied while its recorder still writes into it: their rows are not final yet).
    public static func push(
        from source: any RecordingStore, to target: any RecordingStore, leavingUnfinished: Bool = false
    ) async throws(StoreError) -> Report {
        var report = Report()
        var missing: [String: [ExchangeSummary]] = [:]
        var sessionOrder: [String] = []
        var ungrouped: [ExchangeSummary] = []
        var continuing: [(stored: ExchangeSummary, later: ExchangeSummary)] = []
        for summary in try await source.exchanges(ExchangeFilter(order: .oldestFirst)) {
            if let stored = try await target.exchange(id: summary.id) {
                if StoreContinuation.continues(stored, with: summary) {
                    continuing.append((stored, summary))
                } else if StoreImport.isSameRecording(stored, summary) {
                    report.alreadyThere += 1
                } else {
                    report.conflicts.append(summary.id)
                }
            } else if leavingUnfinished && summary.outcome == .inProgress {
                continue
            } else if let session = summary.sessionID {
                if missing[session] == nil { sessionOrder.append(session) }
                missing[session, default: []].append(summary)
            } else {
                ungrouped.append(summary)
            }
        }
        for session in sessionOrder {
            let exchanges = try await loadAll(missing[session] ?? [], from: source)
            if try await target.session(id: session) == nil, let listing = try await source.session(id: session) {
                try await target.insert(session: RecordedSession(summary: listing.summary, exchanges: exchanges))
            } else {
                try await target.insert(exchanges)
            }
            report.added += exchanges.count
        }
        // Exchanges that belong to no session yet (a recorder stopped before grouping them): grouped on arrival.
        if !ungrouped.isEmpty {
            try await target.insert(try await loadAll(ungrouped, from: source))
            report.added += ungrouped.count
        }
        for (stored, later) in continuing {
            // A spool may have moved the exchange into a session it started: that session must be there first.
            if let session = later.sessionID, try await target.session(id: session) == nil,
                let listing = try await source.session(id: session)
            {
                try await target.insert(session: RecordedSession(summary: listing.summary, exchanges: []))
            }
            guard let added = try await target.continueRecording(try await source.loadExchange(id: later.id)) else {
                report.conflicts.append(later.id)
                continue
            }
            if added == 0 && StoreImport.isSameRecording(stored, later) {
                report.alreadyThere += 1
            } else {
                report.continued += 1
                report.continuedEvents += added
            }
        }
        return report
    }

    /// Each exchange of `summaries` loaded whole, in the same order.
    private static func loadAll(_ summaries: [ExchangeSummary], from store: any RecordingStore)
        async throws(StoreError) -> [RecordedExchange]
    {
        var loaded: [RecordedExchange] = []
        for summary in summaries { loaded.append(try await store.loadExchange(id: summary.id)) }
        return loaded
    }
}

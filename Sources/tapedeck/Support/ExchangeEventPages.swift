import TapedeckCore
import TapedeckStore
import TapedeckTUI

/// Reads one exchange's events for `replay` page after page, so its first screen waits only for the events it
/// shows: a 100,000-event exchange from PostgreSQL took about 0.45 s to read whole before anything was drawn.
struct ExchangeEventPages: Sendable {
    /// Events the first page reads beyond `--at`: room to step and play before the next page is in. An exchange
    /// shorter than that is read whole, so its screens (and snapshots) are exactly those of a whole load.
    static let firstPageLead = 2_000
    /// Events in each later page: few round trips, and each page is appended to the timeline in a few ms.
    static let pageSize = 20_000

    /// Where the events are.
    let store: any RecordingStore
    /// Whose events.
    let exchangeID: String

    /// The exchange's row with its first `limit` events (at least one), and whether those are all its events.
    func first(limit: Int) async throws(StoreError) -> (exchange: RecordedExchange, isAll: Bool) {
        let limit = max(1, limit)
        var exchange = try await store.loadExchangeWithoutEvents(id: exchangeID)
        exchange.events = try await store.events(exchangeID: exchangeID, fromSequence: 0, limit: limit)
        guard exchange.events.count == limit, let last = exchange.events.last else { return (exchange, true) }
        // A full page may be the whole exchange; one event more tells (else the view would say it is loading).
        let more = try await store.events(exchangeID: exchangeID, fromSequence: last.sequence + 1, limit: 1)
        return (exchange, more.isEmpty)
    }

    /// Reads the pages after the event numbered `lastSequence`, in order, and hands each to `deliver` as the
    /// replayer's message (the last says so); a failure is delivered as `.eventLoadFailed` and ends the reading.
    /// Stops early when the task is cancelled (the viewer quit).
    func readRest(after lastSequence: Int, deliver: @Sendable (ReplayMessage) -> Void) async {
        var next = lastSequence + 1
        while !Task.isCancelled {
            do {
                let page = try await store.events(exchangeID: exchangeID, fromSequence: next, limit: Self.pageSize)
                let isLast = page.count < Self.pageSize
                deliver(.eventsLoaded(page, isLast: isLast))
                guard !isLast, let last = page.last else { return }
                next = last.sequence + 1
            } catch {
                deliver(.eventLoadFailed(error.description))
                return
            }
        }
    }
}

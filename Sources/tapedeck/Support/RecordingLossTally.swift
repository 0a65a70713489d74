import NIOConcurrencyHelpers
import TapedeckCore
import TapedeckProxy

/// What the capture side lost across a whole `record` run (the queue's byte cap, an undecodable body), summed from
/// each finished exchange, so the exit warning tells the true number and not only the store's own drops.
final class RecordingLossTally: Sendable {
    /// Lost events and the exchanges that lost some.
    struct Totals: Equatable {
        /// Events counted in exchanges' `dropped_events` by the capture side.
        var events = 0
        /// Exchanges whose recording lost something (events or bytes).
        var exchanges = 0
    }

    private let totals = NIOLockedValueBox(Totals())

    /// Counts `summary`'s capture-side losses as it finishes (before the store adds any of its own).
    func add(_ summary: ExchangeSummary) {
        guard summary.recordingLostSomething else { return }
        totals.withLockedValue { totals in
            totals.events += summary.droppedEvents
            totals.exchanges += 1
        }
    }

    /// The sums so far.
    var current: Totals { totals.withLockedValue { $0 } }

    /// The exit warning for the capture side's and the store's losses together, or nil when nothing was lost.
    static func warning(capture: Totals, storeDropped: Int, writeErrors: Int, lastError: String?) -> String? {
        var parts: [String] = []
        if capture.exchanges > 0 {
            parts.append(
                "\(capture.events) event(s) of \(capture.exchanges) exchange(s) were not recorded (the queue's byte "
                    + "cap or an undecodable body; each exchange's note says which: `tapedeck show ID`)")
        }
        if storeDropped > 0 || writeErrors > 0 {
            parts.append(
                "\(storeDropped) event(s) could not be stored, \(writeErrors) write error(s)"
                    + (lastError.map { ": \($0)" } ?? ""))
        }
        return parts.isEmpty ? nil : "warning: " + parts.joined(separator: "; ")
    }
}

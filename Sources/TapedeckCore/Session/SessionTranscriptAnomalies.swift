/// Finds the anomalies of a session, exchange by exchange in start order.
public enum SessionTranscriptAnomalies {
    /// Silences shorter than this inside a stream are normal generation pauses, not stalls.
    public static let defaultStallThresholdNanos: Int64 = 2_000_000_000

    /// The anomalies of `session`: per exchange, failure, retry, diagnostics (warning and worse), a stall of at
    /// least `stallThresholdNanos`, lost events.
    public static func find(
        in session: RecordedSession, stallThresholdNanos: Int64 = defaultStallThresholdNanos
    ) -> [SessionTranscriptAnomaly] {
        var found: [SessionTranscriptAnomaly] = []
        for (index, exchange) in session.exchanges.enumerated() {
            let summary = exchange.summary
            func add(_ kind: SessionTranscriptAnomaly.Kind, _ message: String) {
                found.append(
                    SessionTranscriptAnomaly(kind: kind, exchangeIndex: index, exchangeID: summary.id, message: message)
                )
            }
            if summary.outcome.isFailure {
                var message = summary.outcome.rawValue
                if let status = summary.status, status >= 400 { message += " (HTTP \(status))" }
                if let type = summary.errorType { message += ": \(type)" }
                if let text = summary.errorMessage, !text.isEmpty { message += " \"\(text)\"" }
                add(.failed, message)
            }
            if summary.attempt > 1 {
                add(.retry, "attempt \(summary.attempt)" + (summary.retryOf.map { ", retry of \($0)" } ?? ""))
            }
            if summary.isStreaming {
                let diagnostics = ExchangeAssembly.assemble(exchange).diagnostics.elements
                for diagnostic in diagnostics where diagnostic.severity >= .warning {
                    add(.diagnostic, diagnostic.description)
                }
            }
            if let stall = ExchangeFigures(exchange: exchange).longestStall, stall.gapNanos >= stallThresholdNanos {
                let ending = stall.endingSequence.map { "event \($0 + 1) (\(stall.endingEvent))" } ?? stall.endingEvent
                add(.stall, "\(stall.gapNanos / 1_000_000) ms of silence before \(ending)")
            }
            if summary.droppedEvents > 0 { add(.lostEvents, "\(summary.droppedEvents) events were not stored") }
        }
        return found
    }
}

import TapedeckCore

/// Response body bytes the client received but the recording does not hold, and why: the one shape every such
/// loss takes (the capture queue's byte cap, a compressed body that stopped decoding), carried by the exchange's
/// finish so it is counted in `dropped_events` and said in the exchange's note instead of lost silently.
public struct RecordingLoss: Sendable, Hashable {
    /// Why the bytes were not recorded.
    public enum Cause: Sendable, Hashable {
        /// The capture queue was over its byte cap (`record --max-queue-bytes`).
        case queueOverCap
        /// The upstream compressed the body although asked not to, and from some byte on it did not decode
        /// (`encoding` as the response named it: `gzip`, `deflate`).
        case undecodable(encoding: String)
    }

    /// Why the bytes were lost.
    public var cause: Cause
    /// Body bytes forwarded but not recorded (for an undecodable body: encoded bytes, from the stretch that first
    /// failed to decode).
    public var bytes: Int
    /// SSE events in those bytes, counted in `dropped_events`. Encoded bytes cannot be split into events: a
    /// stream's undecodable rest counts as 1 (at least one event is missing), and the note says the number is
    /// unknown.
    public var events: Int

    /// Creates a loss record.
    public init(cause: Cause, bytes: Int = 0, events: Int = 0) {
        self.cause = cause
        self.bytes = bytes
        self.events = events
    }

    /// How every loss's sentence starts, so a reader of the note (the CLI's end-of-exchange line) can find it.
    public static let notePrefix = "recording degraded"

    /// The sentence the exchange's note gets.
    public var note: String {
        switch cause {
        case .queueOverCap:
            return "\(Self.notePrefix): the capture queue was over its byte cap, so \(bytes) body byte(s) "
                + "and \(events) event(s) were forwarded but not recorded"
        case .undecodable(let encoding):
            let events = events > 0 ? " (an unknown number of events, counted as \(events))" : ""
            return "\(Self.notePrefix): the \(encoding) response body stopped decoding, so \(bytes) encoded "
                + "byte(s) from there on\(events) were forwarded but not recorded"
        }
    }

    /// Counts the loss on `summary` (`dropped_events`) and adds its sentence to the note.
    public func record(in summary: inout ExchangeSummary) {
        summary.droppedEvents += events
        summary.note = summary.note.map { $0 + "; " + note } ?? note
    }
}

extension ExchangeSummary {
    /// Whether recording this exchange lost events or bytes: what `record` reports on its line and on exit.
    public var recordingLostSomething: Bool {
        droppedEvents > 0 || note?.contains(RecordingLoss.notePrefix) == true
    }
}

/// Something wrong or unusual in a stream, with the event position where it showed, so a person can
/// step straight to it in the replayer.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What kind of problem; the raw value is the stable name used in JSON output.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A delta or stop for an index that no `content_block_start` opened.
        case unknownBlockIndex = "unknown_block_index"
        /// A delta or stop for a block already stopped.
        case blockAlreadyStopped = "block_already_stopped"
        /// A `content_block_start` whose index repeats, skips or goes back.
        case blockIndexOutOfOrder = "block_index_out_of_order"
        /// A second `message_start` (ignored).
        case duplicateMessageStart = "duplicate_message_start"
        /// Content before any `message_start`.
        case missingMessageStart = "missing_message_start"
        /// An event (other than `ping`) after `message_stop`.
        case eventAfterMessageStop = "event_after_message_stop"
        /// Tool input that is not valid JSON at `content_block_stop` (the raw text is kept).
        case invalidToolInput = "invalid_tool_input"
        /// A block still open when the stream ended.
        case blockNeverStopped = "block_never_stopped"
        /// The stream ended without `message_stop`: a partial response.
        case missingMessageStop = "missing_message_stop"
        /// An `error` event.
        case errorEvent = "error_event"
        /// A delta whose type does not fit its block (e.g. `text_delta` to a `tool_use` block).
        case deltaTypeMismatch = "delta_type_mismatch"
        /// Event data that is not JSON or lacks what its type requires.
        case malformedData = "malformed_data"
        /// An event type tapedeck does not know (kept verbatim).
        case unknownEventType = "unknown_event_type"
        /// A content block type tapedeck does not know (kept verbatim).
        case unknownBlockType = "unknown_block_type"
        /// A delta type tapedeck does not know (kept verbatim on its block).
        case unknownDeltaType = "unknown_delta_type"

        /// How much it matters.
        public var severity: Severity {
            switch self {
            case .unknownEventType, .unknownBlockType, .unknownDeltaType: .info
            case .errorEvent, .missingMessageStop, .malformedData, .invalidToolInput: .error
            default: .warning
            }
        }
    }

    /// How much a diagnostic matters: `info` is worth showing, `error` means the response is damaged.
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        /// Unusual but harmless (e.g. a new event type).
        case info
        /// Out of protocol, but the message was still assembled.
        case warning
        /// The response is failed, partial or unusable in part.
        case error

        /// info < warning < error.
        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            let order: [Severity] = [.info, .warning, .error]
            return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
        }
    }

    /// What kind of problem.
    public var kind: Kind
    /// 0-based index of the event where it showed; for end-of-stream findings, the event count.
    public var eventIndex: Int
    /// Found when the stream ended (a block never stopped, no `message_stop`), not at any one event.
    public var isAtEnd: Bool
    /// A sentence for people.
    public var message: String

    /// Creates a diagnostic.
    public init(kind: Kind, eventIndex: Int, isAtEnd: Bool = false, message: String) {
        self.kind = kind
        self.eventIndex = eventIndex
        self.isAtEnd = isAtEnd
        self.message = message
    }

    /// `kind.severity`.
    public var severity: Severity { kind.severity }

    /// The 1-based event number people see everywhere (`show`, exports, `replay --at N`, the status line), or nil
    /// for an end-of-stream finding.
    public var eventNumber: Int? { isAtEnd ? nil : eventIndex + 1 }

    /// Where it showed, in words: "event 7" (1-based, as `replay --at 7` shows it) or "at end".
    public var position: String { eventNumber.map { "event \($0)" } ?? "at end" }

    /// "event 12: warning block_already_stopped: ..." or "at end: error missing_message_stop: ...".
    public var description: String { "\(position): \(severity.rawValue) \(kind.rawValue): \(message)" }
}

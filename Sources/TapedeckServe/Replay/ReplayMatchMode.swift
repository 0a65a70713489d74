/// How `tapedeck serve` picks the recorded session that answers a request.
public enum ReplayMatchMode: Sendable, Hashable, CustomStringConvertible {
    /// The session whose request (method, path and canonical JSON body) equals this one; repeated
    /// identical requests walk through the matching sessions oldest first, so a recorded retry
    /// chain (529, then 200) replays in order.
    case body
    /// Sessions in recorded order (oldest first), one per request, whatever the request.
    case sequence
    /// Always the session with this id.
    case session(String)

    /// Parses `body`, `sequence` or `session:ID`.
    public init?(argument: String) {
        switch argument {
        case "body": self = .body
        case "sequence": self = .sequence
        default:
            guard argument.hasPrefix("session:"), argument.count > "session:".count else { return nil }
            self = .session(String(argument.dropFirst("session:".count)))
        }
    }

    /// The form accepted by `init(argument:)`.
    public var description: String {
        switch self {
        case .body: "body"
        case .sequence: "sequence"
        case .session(let id): "session:\(id)"
        }
    }
}

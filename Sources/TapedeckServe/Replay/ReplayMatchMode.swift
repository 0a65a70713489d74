/// How `tapedeck serve` picks the recorded exchange that answers a request.
public enum ReplayMatchMode: Sendable, Hashable, CustomStringConvertible {
    /// The exchange whose request (method, path and canonical JSON body) equals this one; repeated
    /// identical requests walk through the matching exchanges oldest first, so a recorded retry
    /// chain (529, then 200) replays in order.
    case body
    /// Exchanges in recorded order (oldest first), one per request, whatever the request.
    case sequence
    /// Always the exchange with this id.
    case exchange(String)
    /// The exchanges of one session (an agent run) in their order: each request gets the first exchange not yet
    /// served whose request matches it (as `body`), else the next one in order, so a run replays offline even
    /// when a request differs slightly (a timestamp in the system prompt).
    case session(String)

    /// Parses `body`, `sequence`, `exchange:ID` or `session:ID`.
    public init?(argument: String) {
        switch argument {
        case "body": self = .body
        case "sequence": self = .sequence
        default:
            for (prefix, make) in [("exchange:", Self.exchange), ("session:", Self.session)]
            where argument.hasPrefix(prefix) && argument.count > prefix.count {
                self = make(String(argument.dropFirst(prefix.count)))
                return
            }
            return nil
        }
    }

    /// The form accepted by `init(argument:)`.
    public var description: String {
        switch self {
        case .body: "body"
        case .sequence: "sequence"
        case .exchange(let id): "exchange:\(id)"
        case .session(let id): "session:\(id)"
        }
    }
}

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

    /// Parses `body`, `sequence` or `exchange:ID`.
    public init?(argument: String) {
        switch argument {
        case "body": self = .body
        case "sequence": self = .sequence
        default:
            guard argument.hasPrefix("exchange:"), argument.count > "exchange:".count else { return nil }
            self = .exchange(String(argument.dropFirst("exchange:".count)))
        }
    }

    /// The form accepted by `init(argument:)`.
    public var description: String {
        switch self {
        case .body: "body"
        case .sequence: "sequence"
        case .exchange(let id): "exchange:\(id)"
        }
    }
}

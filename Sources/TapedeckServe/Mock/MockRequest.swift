/// A request the mock upstream answered, with the scenario it chose: what tests assert on
/// (did the proxy forward the body unchanged, strip nothing it should keep, …).
public struct MockRequest: Sendable, Hashable {
    /// The request as received.
    public var request: IncomingRequest
    /// The scenario that answered, or nil when the request was refused (unknown path or scenario).
    public var scenario: String?
}

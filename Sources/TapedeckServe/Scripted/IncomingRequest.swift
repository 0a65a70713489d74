import TapedeckCore

/// A request as the scripted server received it, fully read: what scenario selection and replay
/// matching look at, and what tests inspect afterwards.
public struct IncomingRequest: Sendable, Hashable {
    /// HTTP method, e.g. "POST".
    public var method: String
    /// Path without the query, e.g. "/v1/messages".
    public var path: String
    /// Raw query string without "?", or nil.
    public var query: String?
    /// Headers in wire order.
    public var headers: [HeaderField]
    /// The whole request body.
    public var body: [UInt8]

    /// Creates a request value.
    public init(method: String, path: String, query: String? = nil, headers: [HeaderField] = [], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, compared case-insensitively by name.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }
}

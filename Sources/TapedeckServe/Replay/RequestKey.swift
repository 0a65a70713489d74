import TapedeckCore

/// The request identity used by `--match body`: method, path and the body with JSON key order and
/// whitespace ignored (Core's `CanonicalBody`, the same rule the store uses to link retries);
/// non-JSON bodies compare byte for byte.
struct RequestKey: Hashable {
    var method: String
    var path: String
    var body: [UInt8]

    init(method: String, path: String, body: [UInt8]) {
        self.method = method.uppercased()
        self.path = path
        self.body = CanonicalBody.bytes(body)
    }
}

/// The origin-form of a request target. A client may send the absolute-form
/// (`POST http://evil.example/v1/messages`, RFC 9112 §3.2.2); the proxy always talks to its configured
/// upstream, so the scheme and authority mean nothing here and are dropped: only the path is recorded
/// and forwarded.
enum RequestTarget {
    /// "/v1/messages?x=1" for "http://any.host:80/v1/messages?x=1"; "/" when the target names no path;
    /// origin-form, authority-form and "*" targets unchanged.
    static func originForm(_ target: String) -> String {
        guard !target.hasPrefix("/"), let separator = target.range(of: "://") else { return target }
        let scheme = target[..<separator.lowerBound]
        guard let first = scheme.first, first.isLetter,
            scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." })
        else { return target }
        let rest = target[separator.upperBound...]
        guard let pathStart = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) else { return "/" }
        let tail = rest[pathStart...]
        return tail.hasPrefix("/") ? String(tail) : "/" + tail
    }
}

/// Host and port of a plain-HTTP loopback target URL, the only kind the benchmark talks to.
struct ProxyTargetAddress: Sendable {
    /// Host as given (127.0.0.1, ::1 or localhost).
    let host: String
    /// TCP port.
    let port: Int

    /// The Host header value.
    var hostHeader: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Parses `http://HOST:PORT[/...]`; nil unless HOST is loopback and PORT is valid.
    init?(url: String) {
        guard url.hasPrefix("http://") else { return nil }
        var rest = url.dropFirst("http://".count)
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        let host: Substring
        let portText: Substring
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = rest[rest.index(after: rest.startIndex)..<close]
            portText = rest[close...].dropFirst(2)
        } else {
            guard let colon = rest.lastIndex(of: ":") else { return nil }
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        }
        guard ["127.0.0.1", "::1", "localhost"].contains(String(host)), let port = Int(portText),
            (1...65_535).contains(port)
        else { return nil }
        self.host = String(host)
        self.port = port
    }
}

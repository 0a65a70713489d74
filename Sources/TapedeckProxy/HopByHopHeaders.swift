import NIOHTTP1

/// RFC 9110 §7.6.1: headers that describe one connection and must not be forwarded by a proxy.
enum HopByHopHeaders {
    /// Always connection-specific, whether or not `Connection` names them.
    static let names: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
    ]

    /// `headers` without the hop-by-hop ones and without any header listed in `Connection`.
    static func removing(from headers: HTTPHeaders) -> HTTPHeaders {
        var dropped = names
        for value in headers["connection"] {
            for token in value.split(separator: ",") {
                dropped.insert(token.trimmingWhitespace().lowercased())
            }
        }
        var kept = HTTPHeaders()
        kept.reserveCapacity(headers.count)
        for (name, value) in headers where !dropped.contains(name.lowercased()) {
            kept.add(name: name, value: value)
        }
        return kept
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var slice = self
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return slice
    }
}

import NIOHTTP1
import TapedeckCore

extension HopByHopHeaders {
    /// `headers` without the hop-by-hop ones (Core's one list) and without any header listed in `Connection`.
    static func removing(from headers: HTTPHeaders) -> HTTPHeaders {
        let dropped = dropped(connectionValues: headers["connection"])
        var kept = HTTPHeaders()
        kept.reserveCapacity(headers.count)
        for (name, value) in headers where !dropped.contains(name.lowercased()) {
            kept.add(name: name, value: value)
        }
        return kept
    }
}

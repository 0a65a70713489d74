import TapedeckCore

/// What `serve` never copies from a recording or script into its response: the hop-by-hop headers (Core's one
/// list, RFC 9110 §7.6.1) and the three the server writes itself for the response it actually sends
/// (`content-length`, `date`, `server`), which are not hop-by-hop but would contradict its own framing.
enum ServerWrittenHeaders {
    /// Written by the HTTP server for every response.
    static let names: Set<String> = ["content-length", "date", "server"]

    /// `headers` as `serve` sends them.
    static func copyable(_ headers: [HeaderField]) -> [HeaderField] {
        HopByHopHeaders.removing(from: headers).filter { !names.contains($0.name.lowercased()) }
    }
}

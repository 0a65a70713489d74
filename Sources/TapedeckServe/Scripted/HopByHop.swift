/// Headers that describe one connection rather than the response; never copied from a recording
/// or script, because the server sets its own framing.
enum HopByHop {
    static let names: Set<String> = [
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te",
        "trailer", "transfer-encoding", "upgrade", "content-length", "date", "server",
    ]

    static func isHopByHop(_ name: String) -> Bool { names.contains(name.lowercased()) }
}

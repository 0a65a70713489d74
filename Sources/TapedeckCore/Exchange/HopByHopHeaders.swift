import Foundation

/// RFC 9110 §7.6.1: headers that describe one connection, not the message, so neither the proxy nor `serve`
/// copies them: the fixed names plus every header the message's own `Connection` header names.
public enum HopByHopHeaders {
    /// Always connection-specific, whether or not `Connection` names them.
    public static let names: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
    ]

    /// Every lowercase name to drop from a message whose `Connection` headers hold `connectionValues`.
    public static func dropped<Values: Sequence<String>>(connectionValues: Values) -> Set<String> {
        var dropped = names
        for value in connectionValues {
            for token in value.split(separator: ",") {
                let name = token.trimmingCharacters(in: .whitespaces).lowercased()
                if !name.isEmpty { dropped.insert(name) }
            }
        }
        return dropped
    }

    /// `headers` without the hop-by-hop ones.
    public static func removing(from headers: [HeaderField]) -> [HeaderField] {
        let dropped = dropped(connectionValues: headers.filter { $0.name.lowercased() == "connection" }.map(\.value))
        return headers.filter { !dropped.contains($0.name.lowercased()) }
    }
}

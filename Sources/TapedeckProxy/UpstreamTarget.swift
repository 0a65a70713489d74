import Foundation

/// The single upstream the proxy forwards to, parsed once from a URL.
public struct UpstreamTarget: Sendable, Hashable, CustomStringConvertible {
    /// Whether the connection uses TLS (https).
    public var usesTLS: Bool
    /// Host name or address to connect to (also the TLS SNI name).
    public var host: String
    /// TCP port.
    public var port: Int
    /// A path prefix prepended to every request path ("" for none).
    public var basePath: String

    /// The real Anthropic API.
    public static let anthropic = UpstreamTarget(usesTLS: true, host: "api.anthropic.com", port: 443, basePath: "")

    /// Creates a target from parts.
    public init(usesTLS: Bool, host: String, port: Int, basePath: String = "") {
        self.usesTLS = usesTLS
        self.host = host
        self.port = port
        self.basePath = basePath
    }

    /// Parses `http://host[:port][/base]` or `https://...`; throws a message that says what is wrong.
    public init(url string: String) throws(UpstreamURLError) {
        guard let components = URLComponents(string: string), let scheme = components.scheme?.lowercased() else {
            throw UpstreamURLError(input: string, reason: "not a URL; expected e.g. https://api.anthropic.com")
        }
        guard scheme == "http" || scheme == "https" else {
            throw UpstreamURLError(input: string, reason: "scheme must be http or https, not \(scheme)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw UpstreamURLError(input: string, reason: "no host; expected e.g. https://api.anthropic.com")
        }
        guard components.query == nil, components.fragment == nil, components.user == nil else {
            throw UpstreamURLError(input: string, reason: "must not contain a query, fragment or user info")
        }
        usesTLS = scheme == "https"
        self.host = host
        port = components.port ?? (usesTLS ? 443 : 80)
        var path = components.path
        while path.hasSuffix("/") { path.removeLast() }
        basePath = path
    }

    /// The `Host` header value sent upstream (port omitted when it is the scheme's default).
    public var hostHeader: String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        let defaultPort = usesTLS ? 443 : 80
        return port == defaultPort ? bracketed : "\(bracketed):\(port)"
    }

    /// The URL form, for banners and error messages.
    public var description: String {
        "\(usesTLS ? "https" : "http")://\(hostHeader)\(basePath)"
    }
}

/// Why an `--upstream` value was refused.
public struct UpstreamURLError: Error, Sendable, CustomStringConvertible {
    /// What the user gave.
    public var input: String
    /// What is wrong with it.
    public var reason: String

    /// One sentence for the terminal.
    public var description: String { "invalid upstream URL '\(input)': \(reason)" }
}

/// Names the client of a request from its headers, so `ls` can say which agent or SDK produced a session.
public enum ClientName {
    /// "Claude Code 2.1.86" from `user-agent: claude-cli/2.1.86 (external, cli)`, "anthropic-python 2.14.0"
    /// from the SDKs' `x-stainless-*` headers, else the user-agent itself (cut to 40 characters), else nil.
    public static func describe(_ headers: [HeaderField]) -> String? {
        func value(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name }?.value
        }
        let userAgent = value("user-agent")
        if let userAgent, userAgent.hasPrefix("claude-cli/") {
            let version = userAgent.dropFirst("claude-cli/".count).prefix { $0 != " " }
            return version.isEmpty ? "Claude Code" : "Claude Code \(version)"
        }
        if let language = value("x-stainless-lang") {
            let version = value("x-stainless-package-version").map { " " + $0 } ?? ""
            return "anthropic-\(language)\(version)"
        }
        guard let userAgent, !userAgent.isEmpty else { return nil }
        return userAgent.count > 40 ? String(userAgent.prefix(39)) + "…" : userAgent
    }
}

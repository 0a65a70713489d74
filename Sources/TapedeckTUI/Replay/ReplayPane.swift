/// The three side-by-side panes of the replayer; tab cycles focus through them.
public enum ReplayPane: Int, Sendable, Hashable, CaseIterable {
    /// Thinking and redacted thinking blocks.
    case thinking
    /// Text blocks (and the error, if the stream carried one).
    case text
    /// tool_use and server_tool_use blocks with their partial input JSON, and other blocks.
    case tools

    /// Title shown above the pane.
    public var title: String {
        switch self {
        case .thinking: "Thinking"
        case .text: "Text"
        case .tools: "Tools"
        }
    }

    /// The pane tab moves focus to.
    public var next: ReplayPane { ReplayPane(rawValue: (rawValue + 1) % 3) ?? .thinking }

    /// The pane shift-tab moves focus to.
    public var previous: ReplayPane { ReplayPane(rawValue: (rawValue + 2) % 3) ?? .thinking }
}

/// A panel drawn over the panes, toggled by a key.
public enum ReplayOverlay: Sendable, Hashable {
    /// `r`: the current event's raw bytes and byte offset.
    case raw
    /// `d`: anomalies and diagnostics.
    case diagnostics
    /// `?`: the keys.
    case help
}

/// One entry of the key-hint row: a key and what it does.
public struct KeyHint: Sendable, Hashable {
    /// The key as shown ("space", "n/p").
    public var key: String
    /// What it does ("play", "turn").
    public var action: String
    /// Kept however narrow the terminal is (help and quit must always be findable).
    public var pinned: Bool

    /// Creates a hint.
    public init(_ key: String, _ action: String, pinned: Bool = false) {
        self.key = key
        self.action = action
        self.pinned = pinned
    }
}

/// The key-hint rows of the replayer's views, fitted to the width by dropping the least important hints
/// first, so `? help` and the quit key stay visible on an 80-column terminal and the row never wraps.
public enum KeyHints {
    /// The exchange view on its own (`replay EXCHANGE`, `--file`).
    public static let exchange: [KeyHint] = [
        KeyHint("space", "play"), KeyHint("←→", "step"), KeyHint("[]", "block"), KeyHint("e/E", "anomaly"),
        KeyHint("+-0", "speed"), KeyHint("g/G", "ends"), KeyHint("tab", "pane"), KeyHint("↑↓", "scroll"),
        KeyHint("r", "raw"), KeyHint("d", "diag"), KeyHint("?", "help", pinned: true),
        KeyHint("q", "quit", pinned: true),
    ]

    /// The exchange view opened full screen from a session (`x`): `x` or `q` goes back to the session.
    public static let exchangeInSession: [KeyHint] = [
        KeyHint("space", "play"), KeyHint("←→", "step"), KeyHint("[]", "block"), KeyHint("e/E", "anomaly"),
        KeyHint("+-0", "speed"), KeyHint("tab", "pane"), KeyHint("↑↓", "scroll"), KeyHint("r", "raw"),
        KeyHint("d", "diag"), KeyHint("?", "help", pinned: true), KeyHint("x/q", "session", pinned: true),
        KeyHint("Q", "quit", pinned: true),
    ]

    /// The session view; `q` quits, or goes back to the picker it was opened from.
    public static func session(backToPicker: Bool) -> [KeyHint] {
        var hints = [
            KeyHint("space", "play"), KeyHint("n/p", "turn"), KeyHint("e/E", "anomaly"), KeyHint("x", "exchange"),
            KeyHint("i", "request"), KeyHint("←→", "step"), KeyHint("tab", "focus"), KeyHint("s", "system"),
            KeyHint("+-0", "speed"), KeyHint("r", "raw"), KeyHint("d", "diag"), KeyHint("?", "help", pinned: true),
        ]
        if backToPicker {
            hints += [KeyHint("q", "back", pinned: true), KeyHint("Q", "quit", pinned: true)]
        } else {
            hints.append(KeyHint("q", "quit", pinned: true))
        }
        return hints
    }

    /// The hints that fit in `width` columns, in their order, two spaces apart.
    public static func fit(_ hints: [KeyHint], width: Int) -> String {
        var kept = hints
        func text(_ list: [KeyHint]) -> String { list.map { "\($0.key) \($0.action)" }.joined(separator: "  ") }
        while CellWidth.of(text(kept)) > width, let index = kept.lastIndex(where: { !$0.pinned }) {
            kept.remove(at: index)
        }
        return DisplayFormat.truncated(text(kept), width: width)
    }
}

import Foundation

/// A `tapedeck replay --snapshot` screen read back into parts: the status rows, the stacked panes' contents, the
/// turn list's rows; what the browser test compares the page's DOM with.
struct HTMLTerminalSnapshot {
    let lines: [String]

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Row `index`, trailing spaces removed.
    func row(_ index: Int) -> String {
        index < lines.count ? String(lines[index].reversed().drop(while: { $0 == " " }).reversed()) : ""
    }

    /// The contents of the stacked panes right of `column` (the session view's turn list is left of it), by title,
    /// each as its rows joined; rows from 2 up to the timeline strip (`stripRow`).
    func panes(fromColumn column: Int = 0, stripRow: Int) -> [String: String] {
        var result: [String: [String]] = [:]
        var current: String?
        for index in 2..<min(stripRow, lines.count) {
            let text = String(lines[index].dropFirst(column))
            if let title = Self.paneTitle(text) {
                current = title
                result[title] = []
            } else if let current {
                result[current, default: []].append(text)
            }
        }
        return result.mapValues { $0.joined(separator: "\n") }
    }

    /// "Thinking", "Text" or "Tools" when the row is a pane's title row (focused or not).
    static func paneTitle(_ row: String) -> String? {
        let trimmed = String(row.reversed().drop(while: { $0 == " " || $0 == "─" }).reversed())
        for title in ["Thinking", "Text", "Tools"] {
            for prefix in ["─ ", " ", " ▶ "] where trimmed == prefix + title || trimmed.hasPrefix(prefix + title + " ↑")
            {
                return title
            }
        }
        return nil
    }

    /// The turn list's rows (below its title), `width` columns each, trailing spaces removed.
    func turnRows(count: Int, width: Int) -> [String] {
        (3..<(3 + count)).map { index in
            let text = index < lines.count ? String(lines[index].prefix(width)) : ""
            return String(text.reversed().drop(while: { $0 == " " }).reversed())
        }
    }

    /// Everything but whitespace: wrapping at the terminal's width and the page's layout then compare equal.
    static func squeezed(_ text: String) -> String {
        String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
    }

    /// A status row's parts: split at " · ", "│" and runs of two or more spaces.
    static func segments(_ row: String) -> [String] {
        row.replacingOccurrences(of: #"\s+·\s+|\s*│\s*|\s{2,}"#, with: "\u{1}", options: .regularExpression)
            .split(separator: "\u{1}").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Whether the page's status row says what the terminal's does, in any order. The terminal leaves out whole
    /// low-priority segments (timings, usage, the model) that do not fit its width, so every segment it shows must
    /// be in the page's row, which has room for all and may show more. The terminal's last part may be cut at the
    /// screen's edge (`cut`), and then only needs to start one of the page's parts.
    static func sameStatus(terminal: String, page: String, cut: Bool) -> Bool {
        var expected = segments(terminal)
        var actual = segments(page)
        let last = cut ? expected.popLast() : nil
        for part in expected {
            // "in 912 out 4" in the terminal, "in 912 out 4 cache 2048" in the page: the cache figure went.
            guard let index = actual.firstIndex(where: { $0 == part || $0.hasPrefix(part + " ") }) else { return false }
            actual.remove(at: index)
        }
        if let last {
            let stem = last.hasSuffix("…") ? String(last.dropLast()) : last
            return actual.contains { $0.hasPrefix(stem) }
        }
        return true
    }
}

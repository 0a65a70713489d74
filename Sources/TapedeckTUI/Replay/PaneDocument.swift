import TapedeckCore

/// One wrapped line of a pane with its style.
public struct StyledLine: Sendable, Hashable {
    /// The text (one row, no newlines).
    public var text: String
    /// How it is drawn.
    public var style: CellStyle

    /// Creates a line.
    public init(_ text: String, style: CellStyle = .plain) {
        self.text = text
        self.style = style
    }
}

/// What a pane shows, before wrapping: a list of items that wrap lazily from the end, so a
/// following pane costs only what is visible however long the stream grew.
public struct PaneDocument: Sendable {
    /// One piece of pane content.
    public enum Item: Sendable {
        /// A single line, cut (not wrapped) at the pane width.
        case line(String, CellStyle)
        /// Text that wraps, paragraph by paragraph.
        case text(String, CellStyle)
        /// A tool's raw partial input JSON: shown raw, then parsed and pretty-printed.
        case toolInput(String)
    }

    /// The items, top to bottom.
    public var items: [Item] = []

    /// Creates a document.
    public init(items: [Item] = []) { self.items = items }

    /// Whether the pane has nothing to show.
    public var isEmpty: Bool { items.isEmpty }

    /// The last `count` lines at `width` (all lines when count is nil).
    public func lines(width: Int, last count: Int?) -> [StyledLine] {
        var chunks: [[StyledLine]] = []
        var total = 0
        for item in items.reversed() {
            let remaining = count.map { $0 - total }
            if let remaining, remaining <= 0 { break }
            let lines = PaneDocument.lines(of: item, width: width, last: remaining)
            total += lines.count
            chunks.append(lines)
        }
        var result: [StyledLine] = []
        for chunk in chunks.reversed() { result.append(contentsOf: chunk) }
        if let count, result.count > count { return Array(result.suffix(count)) }
        return result
    }

    /// Total wrapped line count at `width` (walks everything: used for scroll limits only).
    public func lineCount(width: Int) -> Int {
        lines(width: width, last: nil).count
    }

    private static func lines(of item: Item, width: Int, last count: Int?) -> [StyledLine] {
        switch item {
        case .line(let text, let style):
            return [StyledLine(text, style: style)]
        case .text(let text, let style):
            let wrapped =
                count.map { TextWrap.tail(text, width: width, count: $0) } ?? TextWrap.wrap(text, width: width)
            return wrapped.map { StyledLine($0, style: style) }
        case .toolInput(let raw):
            return toolInputLines(raw, width: width, last: count)
        }
    }

    /// Raw JSON as received, then the best-effort parse marked complete, incomplete or invalid.
    private static func toolInputLines(_ raw: String, width: Int, last count: Int?) -> [StyledLine] {
        let parsed = PartialJSON.parse(raw)
        var lines: [StyledLine] = []
        let label: StyledLine
        switch parsed.state {
        case .complete: label = StyledLine("parsed · complete", style: .good)
        case .incomplete: label = StyledLine("parsed · incomplete (best effort)", style: .warning)
        case .invalid(let reason): label = StyledLine("parsed · invalid: \(reason)", style: .alert)
        }
        var pretty: [StyledLine] = []
        if let value = parsed.value {
            let text = value.serialized(pretty: true)
            let wrapped =
                count.map { TextWrap.tail(text, width: width, count: $0) } ?? TextWrap.wrap(text, width: width)
            pretty = wrapped.map { StyledLine($0) }
        } else if case .incomplete = parsed.state {
            pretty = [StyledLine("(nothing yet)", style: .dim)]
        }
        let rawHeader = StyledLine("raw input_json (\(raw.utf8.count) bytes):", style: .dim)
        let needRaw = count.map { $0 > pretty.count + 1 } ?? true
        if needRaw {
            lines.append(rawHeader)
            let rawCount = count.map { $0 - pretty.count - 2 }
            if raw.isEmpty {
                lines.append(StyledLine("(empty)", style: .dim))
            } else if let rawCount {
                if rawCount > 0 {
                    lines.append(
                        contentsOf: TextWrap.tail(raw, width: width, count: rawCount).map {
                            StyledLine($0, style: .dim)
                        })
                }
            } else {
                lines.append(contentsOf: TextWrap.wrap(raw, width: width).map { StyledLine($0, style: .dim) })
            }
        }
        lines.append(label)
        lines.append(contentsOf: pretty)
        return lines
    }
}

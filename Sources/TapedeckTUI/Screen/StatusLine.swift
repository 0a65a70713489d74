/// One piece of a status row, with how much it matters: on a narrow terminal the least important pieces are
/// left out whole, so what is shown is never cut mid-word and the outcome and an anomaly stay in view.
public struct StatusSegment: Sendable, Hashable {
    /// Drawn before the text in the row's own style (a separator such as "│ ").
    public var prefix: String
    /// What the segment says.
    public var text: String
    /// The text's style.
    public var style: CellStyle
    /// Higher stays longer.
    public var priority: Int

    /// Creates a segment.
    public init(_ text: String, style: CellStyle, priority: Int, prefix: String = "") {
        self.prefix = prefix
        self.text = text
        self.style = style
        self.priority = priority
    }

    /// Its width in terminal cells.
    var width: Int { CellWidth.of(prefix) + CellWidth.of(text) }
}

/// Lays out status rows (the replayer's top two lines) from prioritised segments.
public enum StatusLine {
    /// The segments that fit in `width`, in their order: the lowest priority goes first until the rest fit.
    public static func fit(_ segments: [StatusSegment], width: Int) -> [StatusSegment] {
        var kept = segments
        while kept.count > 1, kept.reduce(0, { $0 + $1.width }) > width,
            let lowest = kept.indices.min(by: { kept[$0].priority < kept[$1].priority })
        {
            kept.remove(at: lowest)
        }
        return kept
    }

    /// Draws what fits of `segments` on `row` (the last one cut if even one segment is too wide); `base` styles
    /// the prefixes. Returns the columns used.
    @discardableResult
    public static func draw(
        _ segments: [StatusSegment], row: Int, width: Int, base: CellStyle, into screen: inout Screen
    ) -> Int {
        var column = 0
        for segment in fit(segments, width: width) where column < width {
            column += screen.put(segment.prefix, row: row, column: column, style: base, limit: width - column)
            column += screen.put(segment.text, row: row, column: column, style: segment.style, limit: width - column)
        }
        return column
    }
}

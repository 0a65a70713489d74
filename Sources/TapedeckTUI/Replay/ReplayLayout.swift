/// A rectangle of cells.
public struct Rect: Sendable, Hashable {
    /// Top row.
    public var row: Int
    /// Left column.
    public var column: Int
    /// Columns.
    public var width: Int
    /// Rows.
    public var height: Int

    /// Creates a rectangle.
    public init(row: Int, column: Int, width: Int, height: Int) {
        self.row = row
        self.column = column
        self.width = width
        self.height = height
    }
}

/// Where things go on the replayer screen for a size: two status rows, the panes, a two-row
/// timeline strip and a key-hint row. Panes sit side by side from 100 columns, stacked below.
public struct ReplayLayout: Sendable, Hashable {
    /// Columns below which the panes stack vertically.
    public static let sideBySideMinimumWidth = 100
    /// Smallest usable screen.
    public static let minimumSize = (width: 30, height: 10)

    /// Terminal columns.
    public var width: Int
    /// Terminal rows.
    public var height: Int

    /// Creates the layout for a size.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Whether the screen is too small to lay anything out.
    public var isTooSmall: Bool { width < Self.minimumSize.width || height < Self.minimumSize.height }

    /// Whether the panes are stacked (narrow terminal).
    public var isStacked: Bool { width < Self.sideBySideMinimumWidth }

    /// The area the three panes share.
    public var paneArea: Rect { Rect(row: 2, column: 0, width: width, height: max(0, height - 5)) }

    /// First row of the two-row timeline strip.
    public var stripRow: Int { height - 3 }

    /// The key-hint row.
    public var footerRow: Int { height - 1 }

    /// Rectangles of the panes (title row included); panes in `compact` get only two rows when stacked.
    public func paneRects(compact: Set<ReplayPane>) -> [ReplayPane: Rect] {
        Self.paneRects(in: paneArea, stacked: isStacked, compact: compact)
    }

    /// The three panes laid out in `area`: stacked (empty panes in `compact` get two rows) or side by side with
    /// a one-column separator between them; shared by the exchange view and the session view.
    public static func paneRects(in area: Rect, stacked: Bool, compact: Set<ReplayPane>) -> [ReplayPane: Rect] {
        var rects: [ReplayPane: Rect] = [:]
        if stacked {
            let panes = ReplayPane.allCases
            let compactPanes = panes.filter { compact.contains($0) }
            let fullPanes = panes.filter { !compact.contains($0) }
            var heights: [ReplayPane: Int] = [:]
            if fullPanes.isEmpty || area.height - 2 * compactPanes.count < 3 * fullPanes.count {
                for pane in panes { heights[pane] = area.height / 3 }
                heights[.text, default: 0] += area.height % 3
            } else {
                for pane in compactPanes { heights[pane] = 2 }
                let rest = area.height - 2 * compactPanes.count
                for pane in fullPanes { heights[pane] = rest / fullPanes.count }
                let last = fullPanes.contains(.text) ? ReplayPane.text : fullPanes[fullPanes.count - 1]
                heights[last, default: 0] += rest % fullPanes.count
            }
            var row = area.row
            for pane in panes {
                let height = heights[pane] ?? 0
                rects[pane] = Rect(row: row, column: area.column, width: area.width, height: height)
                row += height
            }
        } else {
            let columnWidth = (area.width - 2) / 3
            let textWidth = area.width - 2 - 2 * columnWidth
            let left = area.column
            rects[.thinking] = Rect(row: area.row, column: left, width: columnWidth, height: area.height)
            rects[.text] = Rect(row: area.row, column: left + columnWidth + 1, width: textWidth, height: area.height)
            rects[.tools] = Rect(
                row: area.row, column: left + columnWidth + textWidth + 2, width: columnWidth, height: area.height)
        }
        return rects
    }
}

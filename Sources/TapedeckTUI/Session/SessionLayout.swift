/// Where things go on the session view for a size: two status rows; the turn list on the left; on the right
/// the Request pane (when shown) above the selected turn's stream panes; a two-row timeline strip of the
/// selected turn; a key-hint row.
public struct SessionLayout: Sendable, Hashable {
    /// Smallest usable screen.
    public static let minimumSize = (width: 50, height: 12)
    /// Right-hand width from which the stream panes sit side by side.
    public static let sideBySideMinimumWidth = ReplayLayout.sideBySideMinimumWidth

    /// Terminal columns.
    public var width: Int
    /// Terminal rows.
    public var height: Int
    /// Whether the Request pane is shown.
    public var showsRequest: Bool

    /// Creates the layout for a size.
    public init(width: Int, height: Int, showsRequest: Bool) {
        self.width = width
        self.height = height
        self.showsRequest = showsRequest
    }

    /// Whether the screen is too small to lay anything out.
    public var isTooSmall: Bool { width < Self.minimumSize.width || height < Self.minimumSize.height }

    /// Rows between the status rows and the strip.
    var bodyHeight: Int { max(0, height - 5) }

    /// The turn list (title row included): about 30% of the width, 20 to 40 columns.
    public var turnList: Rect { Rect(row: 2, column: 0, width: min(40, max(20, width * 3 / 10)), height: bodyHeight) }

    /// Everything right of the turn list and its separator.
    var right: Rect {
        let left = turnList.width + 1
        return Rect(row: 2, column: left, width: max(0, width - left), height: bodyHeight)
    }

    /// The Request pane (title row included), nil when hidden: the top two fifths of the right side.
    public var request: Rect? {
        guard showsRequest else { return nil }
        let area = right
        return Rect(row: area.row, column: area.column, width: area.width, height: max(4, area.height * 2 / 5))
    }

    /// Where the stream panes go: the right side below the Request pane.
    public var streamArea: Rect {
        let area = right
        let used = request?.height ?? 0
        return Rect(row: area.row + used, column: area.column, width: area.width, height: max(0, area.height - used))
    }

    /// Whether the stream panes are stacked.
    public var isStacked: Bool { streamArea.width < Self.sideBySideMinimumWidth }

    /// The exchange view's layout at the same size (strip, footer and overlay positions are shared).
    public var replayLayout: ReplayLayout { ReplayLayout(width: width, height: height) }
}

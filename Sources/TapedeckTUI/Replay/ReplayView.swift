import TapedeckCore

/// Draws the replayer's state into a screen: pure, so every screen is testable as text.
public func render(_ state: ReplayState, into screen: inout Screen) {
    ReplayView.render(state, into: &screen)
}

/// The replayer's view: status bar, the three panes, the timeline strip, key hints, overlays.
public enum ReplayView {
    /// Draws `state` into `screen`, resizing it to the state's size.
    public static func render(_ state: ReplayState, into screen: inout Screen) {
        if screen.width != state.width || screen.height != state.height {
            screen = Screen(width: state.width, height: state.height)
        } else {
            screen.clear()
        }
        let layout = ReplayLayout(width: state.width, height: state.height)
        if layout.isTooSmall {
            let need = "\(ReplayLayout.minimumSize.width)×\(ReplayLayout.minimumSize.height)"
            screen.put("terminal too small (need \(need)); q quits", row: 0, column: 0, style: .alert)
            return
        }
        drawStatus(state, layout: layout, into: &screen)
        let documents = paneDocuments(state.timeline)
        let rects = layout.paneRects(compact: compactPanes(documents))
        drawPanes(
            documents, rects: rects, focus: state.focus, scrollBack: state.scrollBack,
            separators: layout.isStacked ? nil : layout.paneArea, into: &screen)
        drawStrip(state, layout: layout, into: &screen)
        let hints = state.inSession ? KeyHints.exchangeInSession : KeyHints.exchange
        drawFooter(hints, notice: state.notice, row: layout.footerRow, width: layout.width, into: &screen)
        if let overlay = state.overlay { drawOverlay(overlay, state: state, layout: layout, into: &screen) }
    }

    /// The bottom row: the key hints that fit, or the answer to a key that could do nothing.
    static func drawFooter(_ hints: [KeyHint], notice: String?, row: Int, width: Int, into screen: inout Screen) {
        if let notice {
            screen.put(" \(notice) ", row: row, column: 0, style: .warning, limit: width)
        } else {
            screen.put(KeyHints.fit(hints, width: width), row: row, column: 0, style: .dim)
        }
    }

    /// Panes shown with only their title row when stacked: those with nothing in them.
    static func compactPanes(_ documents: [ReplayPane: PaneDocument]) -> Set<ReplayPane> {
        Set(ReplayPane.allCases.filter { documents[$0]?.isEmpty ?? true })
    }

    /// The content rectangle (below the title row) of a pane for the state's size.
    static func contentRect(_ state: ReplayState, pane: ReplayPane) -> Rect? {
        let layout = ReplayLayout(width: state.width, height: state.height)
        let documents = paneDocuments(state.timeline)
        guard let rect = layout.paneRects(compact: compactPanes(documents))[pane] else { return nil }
        return Rect(row: rect.row + 1, column: rect.column, width: rect.width, height: max(0, rect.height - 1))
    }

    /// How far a pane can scroll back: its line count minus its visible rows.
    public static func maxScrollBack(_ state: ReplayState, pane: ReplayPane) -> Int {
        guard let rect = contentRect(state, pane: pane), rect.width > 0 else { return 0 }
        let document = paneDocuments(state.timeline)[pane] ?? PaneDocument()
        return max(0, document.lineCount(width: rect.width) - rect.height)
    }

    /// Rows PgUp / PgDn move in the focused pane.
    public static func pageSize(_ state: ReplayState) -> Int {
        max(1, (contentRect(state, pane: state.focus)?.height ?? 1) - 1)
    }

    /// Draws the three panes into their rectangles, with `│` separators down `separators` when side by side.
    static func drawPanes(
        _ documents: [ReplayPane: PaneDocument], rects: [ReplayPane: Rect], focus: ReplayPane?,
        scrollBack: [ReplayPane: Int], separators: Rect?, into screen: inout Screen
    ) {
        for pane in ReplayPane.allCases {
            guard let rect = rects[pane], let document = documents[pane] else { continue }
            drawPane(
                title: pane.title, document: document, rect: rect, focused: focus == pane,
                back: scrollBack[pane] ?? 0, into: &screen)
        }
        guard let area = separators else { return }
        for pane in [ReplayPane.thinking, .text] {
            guard let rect = rects[pane] else { continue }
            for row in area.row..<(area.row + area.height) {
                screen.put("│", row: row, column: rect.column + rect.width, style: .dim)
            }
        }
    }

    /// One titled pane showing the end of its document, `back` lines scrolled up.
    static func drawPane(
        title paneTitle: String, document: PaneDocument, rect: Rect, focused: Bool, back: Int,
        into screen: inout Screen
    ) {
        guard rect.height > 0, rect.width > 0 else { return }
        PaneTitle.draw(paneTitle, suffix: back > 0 ? "↑\(back) " : "", focused: focused, rect: rect, into: &screen)
        let rows = rect.height - 1
        guard rows > 0 else { return }
        if document.isEmpty {
            screen.put("(none)", row: rect.row + 1, column: rect.column, style: .dim, limit: rect.width)
            return
        }
        let lines = document.lines(width: rect.width, last: rows + back)
        let end = max(min(rows, lines.count), lines.count - back)
        let visible = lines[max(0, end - rows)..<end]
        for (offset, line) in visible.enumerated() {
            screen.put(line.text, row: rect.row + 1 + offset, column: rect.column, style: line.style, limit: rect.width)
        }
    }
}

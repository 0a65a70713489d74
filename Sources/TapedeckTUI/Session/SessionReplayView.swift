import TapedeckCore

/// Draws the session view's state into a screen: pure, so every screen is testable as text.
public func render(_ state: SessionReplayState, into screen: inout Screen) {
    SessionReplayView.render(state, into: &screen)
}

/// The session view: status rows, the turn list, the Request pane, the selected turn's panes, its timeline
/// strip, key hints and overlays; or, after `x`, the selected turn's exchange full screen.
public enum SessionReplayView {
    /// Draws `state` into `screen`, resizing it to the state's size.
    public static func render(_ state: SessionReplayState, into screen: inout Screen) {
        if state.showsExchange {
            ReplayView.render(state.exchangeState, into: &screen)
            return
        }
        if screen.width != state.width || screen.height != state.height {
            screen = Screen(width: state.width, height: state.height)
        } else {
            screen.clear()
        }
        let layout = SessionLayout(width: state.width, height: state.height, showsRequest: state.showsRequest)
        if layout.isTooSmall {
            let need = "\(SessionLayout.minimumSize.width)×\(SessionLayout.minimumSize.height)"
            screen.put("terminal too small (need \(need)); x exchange view, q quits", row: 0, column: 0, style: .alert)
            return
        }
        drawStatus(state, layout: layout, into: &screen)
        drawTurnList(state, layout: layout, into: &screen)
        let list = layout.turnList
        for row in list.row..<(list.row + list.height) {
            screen.put("│", row: row, column: list.width, style: .dim)
        }
        if let rect = layout.request { drawRequest(state, rect: rect, into: &screen) }
        let documents = ReplayView.paneDocuments(state.session.timeline)
        let rects = paneRects(layout, documents: documents)
        var focused: ReplayPane?
        if case .pane(let pane) = state.focus { focused = pane }
        ReplayView.drawPanes(
            documents, rects: rects, focus: focused, scrollBack: state.scrollBack,
            separators: layout.isStacked ? nil : layout.streamArea, into: &screen)
        ReplayView.drawStrip(state.exchangeState, layout: layout.replayLayout, into: &screen)
        let hints = KeyHints.session(backToPicker: state.openedFromPicker)
        ReplayView.drawFooter(
            hints, notice: state.notice, row: layout.replayLayout.footerRow, width: layout.width, into: &screen)
        if let overlay = state.overlay {
            if overlay == .help {
                ReplayView.drawBox(
                    title: " keys ", lines: helpLines(), scroll: state.overlayScroll, layout: layout.replayLayout,
                    into: &screen)
            } else {
                ReplayView.drawOverlay(overlay, state: state.exchangeState, layout: layout.replayLayout, into: &screen)
            }
        }
    }

    /// The stream panes' rectangles (empty panes compact when stacked).
    static func paneRects(_ layout: SessionLayout, documents: [ReplayPane: PaneDocument]) -> [ReplayPane: Rect] {
        ReplayLayout.paneRects(
            in: layout.streamArea, stacked: layout.isStacked, compact: ReplayView.compactPanes(documents))
    }

    /// The content rectangle (below the title row) of a stream pane.
    static func contentRect(_ state: SessionReplayState, pane: ReplayPane) -> Rect? {
        let layout = SessionLayout(width: state.width, height: state.height, showsRequest: state.showsRequest)
        let documents = ReplayView.paneDocuments(state.session.timeline)
        guard let rect = paneRects(layout, documents: documents)[pane] else { return nil }
        return Rect(row: rect.row + 1, column: rect.column, width: rect.width, height: max(0, rect.height - 1))
    }

    /// How far a stream pane can scroll back.
    public static func maxScrollBack(_ state: SessionReplayState, pane: ReplayPane) -> Int {
        guard let rect = contentRect(state, pane: pane), rect.width > 0 else { return 0 }
        let document = ReplayView.paneDocuments(state.session.timeline)[pane] ?? PaneDocument()
        return max(0, document.lineCount(width: rect.width) - rect.height)
    }

    /// The Request pane's content for the selected turn.
    public static func requestDocument(_ state: SessionReplayState) -> PaneDocument {
        let session = state.session
        guard let turn = session.turn, session.turnIndex < session.session.exchanges.count else {
            return PaneDocument()
        }
        let body = session.session.turns[session.turnIndex].requestBody
        return RequestDocument.make(body: body, turn: turn, showsContext: state.showsRequestContext)
    }

    /// How far the Request pane can scroll down.
    public static func maxRequestScroll(_ state: SessionReplayState) -> Int {
        let layout = SessionLayout(width: state.width, height: state.height, showsRequest: state.showsRequest)
        guard let rect = layout.request, rect.width > 0 else { return 0 }
        let count = requestDocument(state).lineCount(width: rect.width)
        return max(0, count - (rect.height - 1))
    }

    /// Rows PgUp / PgDn move: a page of the focused pane, or of the turn list.
    public static func pageSize(_ state: SessionReplayState) -> Int {
        let layout = SessionLayout(width: state.width, height: state.height, showsRequest: state.showsRequest)
        switch state.focus {
        case .turns: return max(1, layout.turnList.height - 2)
        case .request: return max(1, (layout.request?.height ?? 2) - 2)
        case .pane(let pane): return max(1, (contentRect(state, pane: pane)?.height ?? 1) - 1)
        }
    }

    /// How far the open overlay can scroll.
    public static func overlayMaxScroll(_ state: SessionReplayState) -> Int {
        guard let overlay = state.overlay else { return 0 }
        guard overlay == .help else { return ReplayView.overlayMaxScroll(state.exchangeState) }
        let layout = ReplayLayout(width: state.width, height: state.height)
        let lines = helpLines()
        let rect = ReplayView.overlayRect(layout: layout, lineCount: lines.count)
        return max(0, lines.count - (rect.height - 2))
    }

    static func drawRequest(_ state: SessionReplayState, rect: Rect, into screen: inout Screen) {
        let document = requestDocument(state)
        let focused = state.focus == .request
        let title = state.showsRequestContext ? "Request · new input, system, tools" : "Request · new input"
        PaneTitle.draw(
            title, suffix: state.requestScroll > 0 ? "↓\(state.requestScroll) " : "", focused: focused, rect: rect,
            into: &screen)
        let lines = document.lines(width: rect.width, last: nil)
        let rows = rect.height - 1
        let scroll = min(state.requestScroll, max(0, lines.count - rows))
        for (offset, line) in lines.dropFirst(scroll).prefix(rows).enumerated() {
            screen.put(line.text, row: rect.row + 1 + offset, column: rect.column, style: line.style, limit: rect.width)
        }
    }

    static func helpLines() -> [StyledLine] {
        ReplayView.keyLines([
            ("space", "play / pause the whole session, waits included"),
            ("n  p", "next / previous turn, its whole answer"),
            ("↑ ↓ on the list", "choose a turn"),
            ("→ l  ← h", "next / previous event of the turn"),
            ("]  [", "next / previous block start or stop"),
            ("e  E", "next / previous anomaly in any turn"),
            ("g  G", "start / end of the turn"),
            ("+  -  0", "faster / slower / original speed"),
            ("enter  tab", "move between the turn list and the panes"),
            ("↑ ↓ PgUp PgDn", "scroll the focused pane (or this box)"),
            ("i", "Request pane: what this turn newly sent"),
            ("s", "system prompt and tools in the Request pane"),
            ("x", "the turn's exchange full screen (x or q back)"),
            ("r", "raw bytes of the current event"),
            ("d", "anomalies and diagnostics of the turn"),
            ("?", "this help"),
            ("esc", "close the box"),
            ("q", "back to the session list, or quit"),
            ("Q", "quit"),
        ])
    }
}

import TapedeckCore

extension ReplayView {
    /// The box an overlay is drawn in, centred over the panes.
    static func overlayRect(layout: ReplayLayout, lineCount: Int) -> Rect {
        let area = layout.paneArea
        let width = min(layout.width - 4, 100)
        let height = min(area.height, lineCount + 2)
        return Rect(
            row: area.row + (area.height - height) / 2, column: (layout.width - width) / 2, width: width,
            height: height)
    }

    /// Title and wrapped lines of an overlay at a content width.
    static func overlayContent(_ overlay: ReplayOverlay, state: ReplayState, width: Int) -> (String, [StyledLine]) {
        switch overlay {
        case .help: return (" keys ", helpLines(inSession: state.inSession))
        case .raw: return rawContent(state.timeline, width: width)
        case .diagnostics: return diagnosticsContent(state.timeline, width: width)
        }
    }

    /// How far the open overlay can scroll.
    public static func overlayMaxScroll(_ state: ReplayState) -> Int {
        guard let overlay = state.overlay else { return 0 }
        let layout = ReplayLayout(width: state.width, height: state.height)
        let innerWidth = max(1, min(layout.width - 4, 100) - 4)
        let lines = overlayContent(overlay, state: state, width: innerWidth).1
        let rect = overlayRect(layout: layout, lineCount: lines.count)
        return max(0, lines.count - (rect.height - 2))
    }

    static func drawOverlay(
        _ overlay: ReplayOverlay, state: ReplayState, layout: ReplayLayout, into screen: inout Screen
    ) {
        let (title, lines) = overlayContent(overlay, state: state, width: overlayInnerWidth(layout))
        drawBox(title: title, lines: lines, scroll: state.overlayScroll, layout: layout, into: &screen)
    }

    /// Width of an overlay's content for a layout.
    static func overlayInnerWidth(_ layout: ReplayLayout) -> Int { max(1, min(layout.width - 4, 100) - 4) }

    /// A framed box of lines centred over the panes, scrolled `scroll` lines down.
    static func drawBox(
        title: String, lines: [StyledLine], scroll requested: Int, layout: ReplayLayout, into screen: inout Screen
    ) {
        let innerWidth = overlayInnerWidth(layout)
        let rect = overlayRect(layout: layout, lineCount: lines.count)
        guard rect.height >= 3, rect.width >= 6 else { return }
        screen.fill(row: rect.row, column: rect.column, width: rect.width, height: rect.height)
        let horizontal = String(repeating: "─", count: rect.width - 2)
        screen.put("┌" + horizontal + "┐", row: rect.row, column: rect.column, style: .bold)
        screen.put("└" + horizontal + "┘", row: rect.row + rect.height - 1, column: rect.column, style: .bold)
        for row in (rect.row + 1)..<(rect.row + rect.height - 1) {
            screen.put("│", row: row, column: rect.column, style: .bold)
            screen.put("│", row: row, column: rect.column + rect.width - 1, style: .bold)
        }
        screen.put(title, row: rect.row, column: rect.column + 2, style: .bold, limit: rect.width - 4)
        let rows = rect.height - 2
        let scroll = min(requested, max(0, lines.count - rows))
        for (offset, line) in lines.dropFirst(scroll).prefix(rows).enumerated() {
            screen.put(
                line.text, row: rect.row + 1 + offset, column: rect.column + 2, style: line.style, limit: innerWidth)
        }
        if lines.count > rows {
            let more = " \(scroll + 1)–\(min(lines.count, scroll + rows)) of \(lines.count) ↑↓ "
            screen.put(
                more, row: rect.row + rect.height - 1, column: rect.column + rect.width - 2 - CellWidth.of(more),
                style: .dim)
        }
    }

    static func helpLines(inSession: Bool) -> [StyledLine] {
        var keys: [(String, String)] = [
            ("space", "play / pause"),
            ("→ l  ← h", "next / previous event"),
            ("]  [", "next / previous block start or stop"),
            ("e  E", "next / previous anomaly (error, diagnostic, gap, partial end)"),
            ("g  G", "start / end"),
            ("+  -  0", "faster / slower / original speed"),
            ("tab", "focus the next pane"),
            ("↑ ↓ PgUp PgDn", "scroll the focused pane (or this box)"),
            ("r", "raw bytes of the current event"),
            ("d", "anomalies and diagnostics"),
            ("?", "this help"),
            ("esc", "close the box"),
        ]
        keys += inSession ? [("x  q", "back to the session"), ("Q", "quit")] : [("q", "quit")]
        return keyLines(keys)
    }

    /// Key and description in two aligned columns.
    static func keyLines(_ keys: [(String, String)]) -> [StyledLine] {
        keys.map { StyledLine(($0.0 + String(repeating: " ", count: max(1, 16 - CellWidth.of($0.0)))) + $0.1) }
    }

    static func rawContent(_ timeline: Timeline, width: Int) -> (String, [StyledLine]) {
        var lines: [StyledLine] = []
        guard let event = timeline.currentEvent, let offset = timeline.currentByteOffset else {
            return (" raw ", [StyledLine("before the first event: press → to step", style: .dim)])
        }
        let title = " raw · event \(timeline.position)/\(timeline.eventCount) "
        lines.append(
            StyledLine(
                "\(event.type) · byte offset \(offset) · \(event.raw.count) bytes · "
                    + "at \(DisplayFormat.seconds(event.offsetNanos))", style: .bold))
        for text in RawBytesText.lines(event.raw) {
            lines.append(contentsOf: TextWrap.wrap(paragraph: Substring(text), width: width).map { StyledLine($0) })
        }
        let trailing = timeline.exchange.trailingBytes
        if timeline.position == timeline.eventCount, !trailing.isEmpty {
            lines.append(
                StyledLine(
                    "trailing fragment: \(trailing.count) bytes at offset \(offset + event.raw.count) "
                        + "(never formed an event)", style: .alert))
            for text in RawBytesText.lines(trailing) {
                lines.append(contentsOf: TextWrap.wrap(paragraph: Substring(text), width: width).map { StyledLine($0) })
            }
        }
        return (title, lines)
    }

    static func diagnosticsContent(_ timeline: Timeline, width: Int) -> (String, [StyledLine]) {
        var lines: [StyledLine] = []
        let summary = timeline.exchange.summary
        let anomalies = timeline.anomalies
        lines.append(StyledLine("anomalies (\(anomalies.count)) — e / E jump between them", style: .bold))
        if !timeline.isLoaded {
            lines.append(
                StyledLine(
                    "in the \(DisplayFormat.count(timeline.eventCount)) events loaded so far", style: .dim))
        }
        if anomalies.isEmpty { lines.append(StyledLine("none", style: .dim)) }
        for anomaly in anomalies {
            let marker = anomaly.position == timeline.position ? "▶" : " "
            let style: CellStyle =
                anomaly.position == timeline.position ? .reverse : (anomaly.kind == .gap ? .warning : .alert)
            let text = "\(marker) \(anomaly.place)  \(anomaly.kind.rawValue)  \(anomaly.summary)"
            lines.append(
                contentsOf: TextWrap.wrap(paragraph: Substring(text), width: width).map { StyledLine($0, style: style) }
            )
        }
        let diagnostics = timeline.message.diagnostics
        lines.append(StyledLine("assembler diagnostics at the cursor (\(diagnostics.count))", style: .bold))
        if diagnostics.isEmpty { lines.append(StyledLine("none", style: .dim)) }
        for diagnostic in diagnostics {
            let text = diagnostic.description
            lines.append(contentsOf: TextWrap.wrap(paragraph: Substring(text), width: width).map { StyledLine($0) })
        }
        if summary.droppedEvents > 0 {
            lines.append(StyledLine("\(summary.droppedEvents) events were lost by the recorder", style: .alert))
        }
        if let note = summary.note { lines.append(StyledLine("note: \(note)", style: .dim)) }
        return (" diagnostics ", lines)
    }
}

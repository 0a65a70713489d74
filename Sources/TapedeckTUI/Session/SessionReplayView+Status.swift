import TapedeckCore

extension SessionReplayView {
    /// Row 0: playing or paused, the session, the turn, the turn's outcome, exchange id, model. Row 1: the
    /// selected turn's event line, or the wait before its request while a played session is in a gap.
    static func drawStatus(_ state: SessionReplayState, layout: SessionLayout, into screen: inout Screen) {
        let session = state.session
        let timeline = session.timeline
        let summary = timeline.exchange.summary
        screen.fill(row: 0, column: 0, width: layout.width, height: 1, style: .reverse)
        var top = [
            ReplayView.playbackSegment(isPlaying: session.isPlaying, speed: session.speed),
            StatusSegment("session \(session.session.summary.id) ", style: .reverse, priority: 60, prefix: "│ "),
        ]
        if let turn = session.turn {
            top.append(
                StatusSegment(
                    "turn \(session.turnIndex + 1)/\(session.turnCount) \(TurnInputSummary.label(turn)) ",
                    style: .reverse,
                    priority: 90, prefix: "│ "))
        }
        top += ReplayView.exchangeSegments(summary, model: timeline.message.model)
        StatusLine.draw(top, row: 0, width: layout.width, base: .reverse, into: &screen)

        let lead = timeline.leadRemainingNanos
        if lead > 0 {
            let gap = session.turn?.gapBeforeNanos ?? 0
            let waiting = [
                StatusSegment(
                    " waiting \(DisplayFormat.seconds(lead)) before this request ", style: .bold, priority: 100),
                StatusSegment(
                    "(\(DisplayFormat.seconds(gap)) after the previous exchange: tools, a person)", style: .dim,
                    priority: 10),
            ]
            StatusLine.draw(waiting, row: 1, width: layout.width, base: .plain, into: &screen)
            return
        }
        var line = ReplayView.eventLineSegments(timeline)
        if timeline.anomaliesAtCursor.isEmpty,
            let anomaly = session.anomaliesAtCursor.first(where: { !$0.kind.isInStream })
        {
            line.append(StatusSegment("  ! \(anomaly.summary)", style: .alert, priority: 95))
        }
        StatusLine.draw(line, row: 1, width: layout.width, base: .plain, into: &screen)
    }

    /// The turn list: a title row, then one row per turn (label, new input, short outcome), the selected turn
    /// highlighted and kept in view.
    static func drawTurnList(_ state: SessionReplayState, layout: SessionLayout, into screen: inout Screen) {
        let rect = layout.turnList
        guard rect.height > 1, rect.width > 4 else { return }
        let session = state.session
        PaneTitle.draw(
            "Turns \(session.turnIndex + 1)/\(session.turnCount)", focused: state.focus == .turns, rect: rect,
            into: &screen)
        let rows = rect.height - 1
        let turns = session.session.turns
        let top = max(0, min(session.turnIndex - rows / 2, turns.count - rows))
        for (offset, turn) in turns.dropFirst(top).prefix(rows).enumerated() {
            let index = top + offset
            let summary = session.session.exchanges[turn.exchangeIndex].summary
            let text = row(turn, summary: summary, width: rect.width)
            let selected = index == session.turnIndex
            let style: CellStyle
            if selected {
                style = state.focus == .turns ? CellStyle(bold: true, reverse: true) : .reverse
                screen.fill(row: rect.row + 1 + offset, column: 0, width: rect.width, height: 1, style: style)
            } else if summary.outcome.isFailure {
                style = .alert
            } else if turn.attempt > 1 || turn.thread > 1 {
                style = turn.attempt > 1 ? .warning : .dim
            } else {
                style = .plain
            }
            screen.put(text, row: rect.row + 1 + offset, column: 0, style: style, limit: rect.width)
        }
    }

    /// One turn as a list row of `width` cells: `T3 user: "fix the test"      ok`.
    public static func row(_ turn: SessionTurn, summary: ExchangeSummary, width: Int) -> String {
        let code = TurnInputSummary.outcomeCode(summary)
        let left = "\(TurnInputSummary.label(turn)) \(TurnInputSummary.line(turn.newInput))"
        let room = max(1, width - CellWidth.of(code) - 1)
        let shown = DisplayFormat.truncated(left, width: room)
        return shown + String(repeating: " ", count: max(1, width - CellWidth.of(shown) - CellWidth.of(code))) + code
    }
}

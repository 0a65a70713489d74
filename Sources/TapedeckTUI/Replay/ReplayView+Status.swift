import TapedeckCore

extension ReplayView {
    /// The exchange's outcome as shown, in the words `show` uses: COMPLETE, or PARTIAL / FAILED with the reason.
    public static func outcomeLabel(_ summary: ExchangeSummary) -> (text: String, style: CellStyle) {
        let outcome = summary.outcome
        let text =
            [.complete, .nonStreaming, .inProgress].contains(outcome)
            ? outcome.label : "\(outcome.label) · \(outcome.rawValue)"
        switch summary.outcome {
        case .complete: return (text, CellStyle(foreground: .green, bold: true, reverse: true))
        case .nonStreaming: return (text, CellStyle(bold: true, reverse: true))
        case .inProgress: return (text, CellStyle(foreground: .yellow, bold: true, reverse: true))
        default: return (text, CellStyle(foreground: .red, bold: true, reverse: true))
        }
    }

    static func drawStatus(_ state: ReplayState, layout: ReplayLayout, into screen: inout Screen) {
        let timeline = state.timeline
        let summary = timeline.exchange.summary
        screen.fill(row: 0, column: 0, width: layout.width, height: 1, style: .reverse)
        var top = [playbackSegment(isPlaying: timeline.isPlaying, speed: timeline.speed)]
        if let turn = state.sessionTurn {
            top.append(StatusSegment("\(turn) ", style: .reverse, priority: 70, prefix: "│ "))
        }
        top += exchangeSegments(summary, model: timeline.message.model)
        StatusLine.draw(top, row: 0, width: layout.width, base: .reverse, into: &screen)
        StatusLine.draw(
            eventLineSegments(timeline, loadFailure: state.loadFailure), row: 1, width: layout.width, base: .plain,
            into: &screen)
    }

    /// Events the exchange is expected to have: all of them once loaded, else the row's count (or what is
    /// loaded, if the row counted fewer: a recording still in progress when it was read).
    static func expectedEventCount(_ timeline: Timeline) -> Int {
        timeline.isLoaded ? timeline.eventCount : max(timeline.exchange.summary.eventCount, timeline.eventCount)
    }

    /// "loading 12,000/100,002 events" while pages arrive; why loading stopped when it failed.
    static func loadingSegment(_ timeline: Timeline, loadFailure: String?) -> StatusSegment? {
        guard !timeline.isLoaded else { return nil }
        let loaded = DisplayFormat.count(timeline.eventCount)
        let progress = "\(loaded)/\(DisplayFormat.count(expectedEventCount(timeline)))"
        guard let loadFailure else {
            return StatusSegment(" · loading \(progress) events", style: .warning, priority: 92)
        }
        return StatusSegment(
            " · ✖ loading stopped at \(progress) events: \(loadFailure)", style: .alert, priority: 97)
    }

    /// "‖ paused 1×": always shown first.
    static func playbackSegment(isPlaying: Bool, speed: Double) -> StatusSegment {
        StatusSegment(
            " \(isPlaying ? "▶ playing" : "‖ paused") \(PlaybackSpeed.label(speed)) ",
            style: CellStyle(bold: true, reverse: true), priority: 100)
    }

    /// The outcome (kept longest), lost events, the exchange id and the model (dropped first).
    static func exchangeSegments(_ summary: ExchangeSummary, model: String?) -> [StatusSegment] {
        let outcome = outcomeLabel(summary)
        var segments = [StatusSegment(outcome.text, style: outcome.style, priority: 95, prefix: "│ ")]
        if summary.droppedEvents > 0 {
            segments.append(
                StatusSegment(
                    "\(summary.droppedEvents) events lost",
                    style: CellStyle(foreground: .red, bold: true, reverse: true),
                    priority: 96, prefix: " │ "))
        }
        segments.append(StatusSegment(summary.id, style: .reverse, priority: 50, prefix: " │ "))
        segments.append(
            StatusSegment("\(summary.model ?? model ?? "unknown model") ", style: .reverse, priority: 20, prefix: " │ ")
        )
        return segments
    }

    /// The event row: event n/N, the current event, an anomaly at the cursor, stop reason, usage, elapsed /
    /// total, TTFT; a narrow terminal keeps them in about that order of importance.
    /// While events are loading the count is the expected one, the total time is left out (it is not known
    /// yet) and a segment says how far loading has got, or why it stopped.
    static func eventLineSegments(_ timeline: Timeline, loadFailure: String? = nil) -> [StatusSegment] {
        let message = timeline.message
        let count = timeline.eventCount
        var segments = [
            StatusSegment(" event \(timeline.position)/\(expectedEventCount(timeline))", style: .bold, priority: 100)
        ]
        let elapsed = DisplayFormat.seconds(timeline.elapsedOriginalNanos)
        let total = timeline.isLoaded ? " / " + DisplayFormat.seconds(timeline.totalOriginalNanos) : ""
        segments.append(StatusSegment(" · \(elapsed)\(total)", style: .bold, priority: 60))
        if let loading = loadingSegment(timeline, loadFailure: loadFailure) { segments.append(loading) }
        segments.append(
            StatusSegment(
                " · " + (timeline.currentEvent?.label ?? "(start)"), style: .plain, priority: 90))
        if timeline.isLoaded && timeline.position == count && count > 0 && !message.isComplete {
            segments.append(StatusSegment(" · end of partial stream", style: .plain, priority: 85))
        }
        segments.append(StatusSegment("  stop: \(message.stopReason ?? "—")", style: .plain, priority: 70))
        let usage = message.usage
        segments.append(
            StatusSegment(
                "  in \(usage.inputTokens.map(String.init) ?? "—") out \(usage.outputTokens.map(String.init) ?? "—")",
                style: .plain, priority: 50))
        if let cached = usage.cacheReadInputTokens, cached > 0 {
            segments.append(StatusSegment(" cache \(cached)", style: .plain, priority: 20))
        }
        if let ttft = ttftNanos(timeline) {
            segments.append(StatusSegment("  TTFT \(DisplayFormat.seconds(ttft))", style: .plain, priority: 30))
        }
        if let anomaly = timeline.anomaliesAtCursor.first {
            segments.append(StatusSegment("  ! \(anomaly.kind.rawValue)", style: .alert, priority: 95))
        }
        return segments
    }

    /// Time to first token: the recorded figure, else the first content delta's arrival.
    static func ttftNanos(_ timeline: Timeline) -> Int64? {
        if let ttft = timeline.exchange.summary.ttftNanos { return ttft }
        guard let index = timeline.finalMessage.firstContentDeltaEvent, index < timeline.eventCount else { return nil }
        return timeline.exchange.events[index].offsetNanos
    }

    static func drawStrip(_ state: ReplayState, layout: ReplayLayout, into screen: inout Screen) {
        let timeline = state.timeline
        let width = layout.width
        let count = timeline.eventCount
        guard width > 0 else { return }
        guard timeline.isLoaded else {
            drawLoadingStrip(timeline, row: layout.stripRow, width: width, into: &screen)
            return
        }
        let total = timeline.totalVirtualNanos
        func bucket(ofPosition position: Int) -> Int {
            if total > 0 { return bucket(ofNanos: timeline.virtualTime(atPosition: position)) }
            return count > 0 ? min(width - 1, max(0, (position - 1) * width / count)) : 0
        }
        func bucket(ofNanos nanos: Int64) -> Int {
            guard total > 0 else { return 0 }
            return min(width - 1, max(0, Int(Double(nanos) / Double(total) * Double(width))))
        }
        var counts = Array(repeating: 0, count: width)
        if count > 0 {
            if total > 0 {
                var previous = 0
                for index in 0..<width {
                    let end = Int64((Double(total) * Double(index + 1) / Double(width)).rounded(.down))
                    let upTo = index == width - 1 ? count : timeline.position(atVirtualNanos: end)
                    counts[index] = max(0, upTo - previous)
                    previous = max(previous, upTo)
                }
            } else {
                for position in 1...count { counts[bucket(ofPosition: position)] += 1 }
            }
        }
        let peak = max(1, counts.max() ?? 1)
        let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let cursor = total > 0 ? bucket(ofNanos: timeline.clockNanos) : bucket(ofPosition: max(1, timeline.position))
        let row = layout.stripRow
        for column in 0..<width {
            let value = counts[column]
            let character: Character =
                value == 0 ? "·" : levels[min(levels.count - 1, (value * levels.count - 1) / peak)]
            let played = column < cursor || (column == cursor && timeline.position > 0)
            screen.put(String(character), row: row, column: column, style: played ? .accent : .dim)
        }
        for anomaly in timeline.anomalies {
            let column = bucket(ofPosition: anomaly.position)
            screen.put("!", row: row + 1, column: column, style: .alert)
        }
        screen.restyle(row: row, column: cursor, width: 1, style: CellStyle(bold: true, reverse: true))
        screen.put("▲", row: row + 1, column: cursor, style: .bold)
    }

    /// The strip while events load: the arrival times of the rest are not known, so it shows events instead of
    /// time: what is loaded (━, played part highlighted), what is not yet (·), anomalies found so far, the cursor.
    static func drawLoadingStrip(_ timeline: Timeline, row: Int, width: Int, into screen: inout Screen) {
        let expected = max(1, expectedEventCount(timeline))
        func column(ofPosition position: Int) -> Int { min(width - 1, max(0, (position - 1) * width / expected)) }
        let loadedColumns = timeline.eventCount * width / expected
        let cursor = column(ofPosition: max(1, timeline.position))
        for column in 0..<width {
            let loaded = column < loadedColumns
            let played = loaded && (column < cursor || (column == cursor && timeline.position > 0))
            screen.put(loaded ? "━" : "·", row: row, column: column, style: played ? .accent : .dim)
        }
        for anomaly in timeline.anomalies {
            screen.put("!", row: row + 1, column: column(ofPosition: anomaly.position), style: .alert)
        }
        screen.restyle(row: row, column: cursor, width: 1, style: CellStyle(bold: true, reverse: true))
        screen.put("▲", row: row + 1, column: cursor, style: .bold)
    }
}

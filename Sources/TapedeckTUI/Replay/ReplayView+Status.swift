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

    /// The current event's type, with the delta or block type for content events.
    static func eventLabel(_ event: RecordedEvent) -> String {
        guard event.type.hasPrefix("content_block"), event.data.utf8.count < 4096,
            let value = try? JSONValue.parse(event.data)
        else { return event.type }
        if let delta = value["delta"]?["type"]?.stringValue { return "\(event.type) (\(delta))" }
        if let block = value["content_block"]?["type"]?.stringValue { return "\(event.type) (\(block))" }
        return event.type
    }

    static func drawStatus(_ state: ReplayState, layout: ReplayLayout, into screen: inout Screen) {
        let timeline = state.timeline
        let summary = timeline.exchange.summary
        let message = timeline.message
        let bar = CellStyle.reverse
        screen.fill(row: 0, column: 0, width: layout.width, height: 1, style: bar)
        var column = 0
        func segment(_ text: String, _ style: CellStyle = bar, row: Int = 0) {
            guard column < layout.width else { return }
            column += screen.put(text, row: row, column: column, style: style)
        }
        let playing = timeline.isPlaying ? "▶ playing" : "‖ paused"
        segment(" \(playing) \(PlaybackSpeed.label(timeline.speed)) ", CellStyle(bold: true, reverse: true))
        segment("│ ")
        if let turn = state.sessionTurn { segment("\(turn) │ ") }
        let outcome = outcomeLabel(summary)
        segment(outcome.text, outcome.style)
        if summary.droppedEvents > 0 {
            segment(" │ ")
            segment("\(summary.droppedEvents) events lost", CellStyle(foreground: .red, bold: true, reverse: true))
        }
        segment(" │ \(summary.id) │ \(summary.model ?? message.model ?? "unknown model")")
        segment(" ")

        drawEventLine(timeline, row: 1, width: layout.width, into: &screen)
    }

    /// The event row: event n/N, elapsed / total, the current event, stop reason, usage, TTFT, and the anomaly
    /// at the cursor if any; returns the columns used.
    @discardableResult
    static func drawEventLine(_ timeline: Timeline, row: Int, width: Int, into screen: inout Screen) -> Int {
        let message = timeline.message
        var column = 0
        func segment(_ text: String, _ style: CellStyle) {
            guard column < width else { return }
            column += screen.put(text, row: row, column: column, style: style, limit: width - column)
        }
        let count = timeline.eventCount
        let elapsed = DisplayFormat.seconds(timeline.elapsedOriginalNanos)
        let total = DisplayFormat.seconds(timeline.totalOriginalNanos)
        segment(" event \(timeline.position)/\(count) · \(elapsed) / \(total) · ", .bold)
        var eventText = timeline.currentEvent.map { eventLabel($0) } ?? "(start)"
        if timeline.position == count && count > 0 && !message.isComplete { eventText += " · end of partial stream" }
        segment(eventText, .plain)
        var details = "  stop: \(message.stopReason ?? "—")"
        let usage = message.usage
        details += "  in \(usage.inputTokens.map(String.init) ?? "—") out \(usage.outputTokens.map(String.init) ?? "—")"
        if let cached = usage.cacheReadInputTokens, cached > 0 { details += " cache \(cached)" }
        if let ttft = ttftNanos(timeline) { details += "  TTFT \(DisplayFormat.seconds(ttft))" }
        segment(details, .plain)
        if !timeline.anomaliesAtCursor.isEmpty {
            segment("  ! \(timeline.anomaliesAtCursor[0].kind.rawValue)", .alert)
        }
        return column
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
}

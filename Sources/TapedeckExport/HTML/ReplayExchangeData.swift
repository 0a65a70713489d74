import TapedeckCore

/// One exchange as the page replays it: per event, the edits that bring the panes from the state after the
/// previous event to the state after this one (Core's `MessageAssembler`, finished at the end like `Timeline`),
/// plus what the status line, the strip, the `r` box and the `d` box need. The page only applies edits; it
/// never assembles.
struct ReplayExchangeData: Encodable {
    /// Exchange id.
    var id: String
    /// Model as recorded, else as streamed.
    var model: String
    /// COMPLETE or PARTIAL · outcome, and its style.
    var outcome: String
    var outcomeStyle: String
    /// Events the recorder lost.
    var dropped: Int
    /// The exchange's note (where an import came from).
    var note: String?
    /// Whether `message_stop` was seen.
    var complete: Bool
    /// Arrival of each event, nanoseconds after the request started.
    var at: [Int64]
    /// Length of the recording in original time (the last event or the trailing bytes).
    var end: Int64
    /// Distinct event labels, and each event's index into them.
    var labels: [String]
    var label: [Int]
    /// Byte offset of each event in the response body.
    var offsets: [Int]
    /// Each event's raw bytes, escaped for reading.
    var raw: [String]
    /// Bytes of all the events (where the trailing fragment starts).
    var eventBytes: Int
    /// The bytes after the last event that never formed one (escaped), their size and offset.
    var trailing: Trailing?
    /// Edits shown before the first event (a failure with no events), then after each event.
    var start: [PaneEdit]
    var edits: [[PaneEdit]]
    /// `[position, stop_reason, input, output, cache_read]` whenever one of them changed.
    var usage: [Usage]
    /// Time to first token (recorded, else the first content delta's arrival).
    var ttft: Int64?
    /// Positions just after a content_block_start or content_block_stop.
    var bounds: [Int]
    /// The timeline's anomalies: `[position, kind, summary, where]`.
    var anomalies: [Anomaly]
    /// The assembler's diagnostics: `[eventIndex, where, text]`.
    var diagnostics: [DiagnosticLine]

    /// The trailing fragment of a cut stream.
    struct Trailing: Encodable {
        var text: String
        var bytes: Int
        var offset: Int
    }

    /// The stop reason and usage from a position on.
    struct Usage: Encodable {
        var position: Int
        var stop: String?
        var input: Int?
        var output: Int?
        var cache: Int?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            try container.encode(position)
            try container.encode(stop)
            try container.encode(input)
            try container.encode(output)
            try container.encode(cache)
        }
    }

    /// A place worth stopping at; `place` reads "event N" or "at end".
    struct Anomaly: Encodable {
        var position: Int
        var kind: String
        var summary: String
        var place: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            try container.encode(position)
            try container.encode(kind)
            try container.encode(summary)
            try container.encode(place)
        }
    }

    /// One assembler finding; shown once the cursor has passed `eventIndex` (findings at the end: at the end).
    struct DiagnosticLine: Encodable {
        var eventIndex: Int
        var text: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            try container.encode(eventIndex)
            try container.encode(text)
        }
    }

    /// Builds the data from the exchange's timeline (anomalies, boundaries, final message) and one assembly pass.
    init(timeline: Timeline) {
        let exchange = timeline.exchange
        let summary = exchange.summary
        let events = exchange.events
        let final = timeline.finalMessage
        id = summary.id
        model = summary.model ?? final.model ?? "unknown model"
        let outcomeLabel = ReplayOutcomeStyle.outcome(summary)
        outcome = outcomeLabel.text
        outcomeStyle = outcomeLabel.style.rawValue
        dropped = summary.droppedEvents
        note = summary.note
        complete = final.isComplete
        at = events.map(\.offsetNanos)
        end = timeline.totalOriginalNanos
        var labelIndex: [String: Int] = [:]
        labels = []
        label = []
        offsets = []
        raw = []
        var byteOffset = 0
        for event in events {
            let text = event.label
            if labelIndex[text] == nil {
                labelIndex[text] = labels.count
                labels.append(text)
            }
            label.append(labelIndex[text] ?? 0)
            offsets.append(byteOffset)
            byteOffset += event.raw.count
            raw.append(RawBytesText.lines(event.raw).joined(separator: "\n"))
        }
        eventBytes = byteOffset
        trailing =
            exchange.trailingBytes.isEmpty
            ? nil
            : Trailing(
                text: RawBytesText.lines(exchange.trailingBytes).joined(separator: "\n"),
                bytes: exchange.trailingBytes.count,
                offset: byteOffset)
        if let recorded = summary.ttftNanos {
            ttft = recorded
        } else if let index = final.firstContentDeltaEvent, index < events.count {
            ttft = events[index].offsetNanos
        } else {
            ttft = nil
        }
        bounds = timeline.blockBoundaries
        anomalies = timeline.anomalies.map { anomaly in
            Anomaly(
                position: anomaly.position, kind: anomaly.kind.rawValue, summary: anomaly.summary, place: anomaly.place)
        }
        diagnostics = final.diagnostics.elements.map { diagnostic in
            DiagnosticLine(eventIndex: diagnostic.eventIndex, text: diagnostic.description)
        }
        let built = Self.edits(exchange)
        start = built.start
        edits = built.edits
        usage = built.usage
    }

    /// The edits before the first event and after each one, and the stop reason / usage changes.
    private static func edits(_ exchange: RecordedExchange) -> (start: [PaneEdit], edits: [[PaneEdit]], usage: [Usage])
    {
        let events = exchange.events
        var editor = PaneEditor()
        var assembler = MessageAssembler()
        let start = editor.update(
            slot: -1, to: PaneItems.messageItems(assembler.message, summary: exchange.summary, eventCount: events.count)
        )
        var stamps: [BlockStamp] = []
        var all: [[PaneEdit]] = []
        all.reserveCapacity(events.count)
        var usage = [Usage(position: 0, stop: nil, input: nil, output: nil, cache: nil)]
        var byteOffset = 0
        for (index, event) in events.enumerated() {
            assembler.apply(SSEEvent(event: event.type, data: event.data, raw: event.raw, offset: byteOffset))
            byteOffset += event.raw.count
            if index == events.count - 1 {
                let trailing =
                    exchange.trailingBytes.isEmpty
                    ? nil : SSETrailingFragment(raw: exchange.trailingBytes, offset: byteOffset)
                assembler.finish(trailing: trailing)
            }
            let message = assembler.message
            var step: [PaneEdit] = []
            for position in 0..<message.blocks.count {
                let block = message.blocks[position]
                let stamp = BlockStamp(block)
                if position < stamps.count, stamps[position] == stamp { continue }
                if position < stamps.count { stamps[position] = stamp } else { stamps.append(stamp) }
                step += editor.update(slot: position, to: PaneItems.items(of: block))
            }
            step += editor.update(
                slot: -1, to: PaneItems.messageItems(message, summary: exchange.summary, eventCount: events.count))
            all.append(step)
            let now = Usage(
                position: index + 1, stop: message.stopReason, input: message.usage.inputTokens,
                output: message.usage.outputTokens, cache: message.usage.cacheReadInputTokens)
            if let last = usage.last,
                (last.stop, last.input, last.output, last.cache) != (now.stop, now.input, now.output, now.cache)
            {
                usage.append(now)
            }
        }
        return (start, all, usage)
    }
}

/// What can change a block's items, read in O(1): when it is unchanged the block is not re-rendered.
private struct BlockStamp: Equatable {
    var stopped: Bool
    var deltas: Int
    var text: Int
    var input: Int
    var signature: Int
    var citations: Int
    var unapplied: Int

    init(_ block: AssembledBlock) {
        stopped = block.isStopped
        deltas = block.deltaCount
        text = block.textStorage.utf8Count
        input = block.inputJSON.utf8Count
        signature = block.signature?.utf8.count ?? -1
        citations = block.citations.count
        unapplied = block.unappliedDeltas.count
    }
}

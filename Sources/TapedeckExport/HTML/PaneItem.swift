import TapedeckCore

/// One piece of what the HTML replay shows in a pane: a line or a paragraph with a style, in the words the
/// terminal replayer uses (its `PaneDocument` items), so the page and `replay --snapshot` show the same thing.
struct PaneItem: Hashable, Sendable, Encodable {
    /// Which pane (or the Request pane) the item belongs to.
    enum Pane: Int, Hashable, Sendable {
        case thinking = 0
        case text = 1
        case tools = 2
        case request = 3
    }

    /// How the page draws it; the raw value is the CSS class.
    enum Style: String, Hashable, Sendable {
        case plain = "p"
        case dim = "d"
        case accent = "a"
        case warning = "w"
        case alert = "x"
        case good = "g"
        case bold = "b"
    }

    var pane: Pane
    var style: Style
    var text: String

    init(_ pane: Pane, _ style: Style, _ text: String) {
        self.pane = pane
        self.style = style
        self.text = text
    }

    /// `[pane, style, text]`: the page's compact form.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(pane.rawValue)
        try container.encode(style.rawValue)
        try container.encode(text)
    }
}

/// The items of one assembled block, and of the message-level lines (an error event, a failure with no events).
enum PaneItems {
    /// What a block shows, in pane order: the same headers, markers and parse labels as the terminal replayer.
    static func items(of block: AssembledBlock) -> [PaneItem] {
        let state = block.isStopped ? "" : " · streaming"
        let header = "── #\(block.index) \(block.type)\(state) ──"
        var items: [PaneItem] = []
        switch block.kind {
        case .thinking:
            items.append(PaneItem(.thinking, .dim, header))
            items.append(PaneItem(.thinking, .plain, block.thinking))
            if let signature = block.signature, !signature.isEmpty {
                items.append(PaneItem(.thinking, .dim, "signature: \(signature.utf8.count) bytes"))
            }
        case .redactedThinking:
            items.append(PaneItem(.thinking, .dim, header))
            let size = block.redactedData?.utf8.count ?? 0
            items.append(PaneItem(.thinking, .warning, "[redacted thinking: \(size) bytes of encrypted data]"))
        case .text:
            items.append(PaneItem(.text, .dim, header))
            items.append(PaneItem(.text, .plain, block.text))
            if !block.citations.isEmpty {
                items.append(PaneItem(.text, .dim, "citations: \(block.citations.count)"))
            }
        case .toolUse, .serverToolUse:
            items.append(PaneItem(.tools, .accent, "▸ \(block.toolName ?? "?")  \(block.toolUseID ?? "")"))
            items.append(PaneItem(.tools, .dim, "  #\(block.index) \(block.type)\(state)"))
            items += toolInput(block.inputJSON.string)
        case .webSearchToolResult, .unknown:
            items.append(PaneItem(.tools, .accent, "▸ \(block.type)  \(block.toolUseID ?? "")"))
            items.append(PaneItem(.tools, .dim, "  #\(block.index)\(state)"))
            items.append(PaneItem(.tools, .plain, JSONValue.object(block.start).serialized(pretty: true)))
        }
        if !block.unappliedDeltas.isEmpty {
            let pane: PaneItem.Pane = block.kind.takesToolInput || block.kind == .unknown ? .tools : .text
            items.append(PaneItem(pane, .warning, "  \(block.unappliedDeltas.count) unapplied deltas (see d)"))
        }
        return items
    }

    /// A tool's input: the raw `partial_json` so far, then the best-effort parse, pretty-printed by Core.
    static func toolInput(_ raw: String) -> [PaneItem] {
        let parsed = PartialJSON.parse(raw)
        var items = [
            PaneItem(.tools, .dim, "raw input_json (\(raw.utf8.count) bytes):"),
            raw.isEmpty ? PaneItem(.tools, .dim, "(empty)") : PaneItem(.tools, .dim, raw),
        ]
        switch parsed.state {
        case .complete: items.append(PaneItem(.tools, .good, "parsed · complete"))
        case .incomplete: items.append(PaneItem(.tools, .warning, "parsed · incomplete (best effort)"))
        case .invalid(let reason): items.append(PaneItem(.tools, .alert, "parsed · invalid: \(reason)"))
        }
        if let value = parsed.value {
            items.append(PaneItem(.tools, .plain, value.serialized(pretty: true)))
        } else if case .incomplete = parsed.state {
            items.append(PaneItem(.tools, .dim, "(nothing yet)"))
        }
        return items
    }

    /// The lines below the blocks: the error event, or, for an exchange that failed before any event, its
    /// status and error (what the terminal replayer shows in the Text pane).
    static func messageItems(_ message: AssembledMessage, summary: ExchangeSummary, eventCount: Int) -> [PaneItem] {
        var items: [PaneItem] = []
        if let error = message.error {
            items.append(PaneItem(.text, .alert, "✖ error event"))
            items.append(PaneItem(.text, .alert, "\(error.type): \(error.message)"))
        }
        if eventCount == 0, summary.outcome.isFailure {
            let status = summary.status.map { "HTTP \($0) · " } ?? ""
            items.append(PaneItem(.text, .alert, "✖ \(status)\(summary.outcome.rawValue): no event was streamed"))
            let error = [summary.errorType, summary.errorMessage].compactMap { $0 }.joined(separator: ": ")
            if !error.isEmpty { items.append(PaneItem(.text, .alert, error)) }
        }
        return items
    }
}

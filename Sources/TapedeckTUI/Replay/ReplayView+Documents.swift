import TapedeckCore

extension ReplayView {
    /// What each pane shows at the timeline's cursor; an exchange that failed without a single event (an HTTP
    /// error, an unreachable upstream) shows its status and error in the Text pane instead of nothing.
    public static func paneDocuments(_ timeline: Timeline) -> [ReplayPane: PaneDocument] {
        var documents = paneDocuments(timeline.message)
        let summary = timeline.exchange.summary
        guard timeline.eventCount == 0, summary.outcome.isFailure else { return documents }
        var text = documents[.text] ?? PaneDocument()
        let status = summary.status.map { "HTTP \($0) · " } ?? ""
        text.items.append(.line("✖ \(status)\(summary.outcome.rawValue): no event was streamed", .alert))
        let error = [summary.errorType, summary.errorMessage].compactMap { $0 }.joined(separator: ": ")
        if !error.isEmpty { text.items.append(.text(error, .alert)) }
        documents[.text] = text
        return documents
    }

    /// What each pane shows for the message at the cursor.
    public static func paneDocuments(_ message: AssembledMessage) -> [ReplayPane: PaneDocument] {
        var thinking = PaneDocument()
        var text = PaneDocument()
        var tools = PaneDocument()
        for block in message.content {
            let state = block.isStopped ? "" : " · streaming"
            let header = "── #\(block.index) \(block.type)\(state) ──"
            switch block.kind {
            case .thinking:
                thinking.items.append(.line(header, .dim))
                thinking.items.append(.text(block.thinking, .plain))
                if let signature = block.signature, !signature.isEmpty {
                    thinking.items.append(.line("signature: \(signature.utf8.count) bytes", .dim))
                }
            case .redactedThinking:
                thinking.items.append(.line(header, .dim))
                let size = block.redactedData?.utf8.count ?? 0
                thinking.items.append(.line("[redacted thinking: \(size) bytes of encrypted data]", .warning))
            case .text:
                text.items.append(.line(header, .dim))
                text.items.append(.text(block.text, .plain))
                if !block.citations.isEmpty {
                    text.items.append(.line("citations: \(block.citations.count)", .dim))
                }
            case .toolUse, .serverToolUse:
                tools.items.append(.line("▸ \(block.toolName ?? "?")  \(block.toolUseID ?? "")", .accent))
                tools.items.append(.line("  #\(block.index) \(block.type)\(state)", .dim))
                tools.items.append(.toolInput(block.inputJSON.string))
            case .webSearchToolResult, .unknown:
                tools.items.append(.line("▸ \(block.type)  \(block.toolUseID ?? "")", .accent))
                tools.items.append(.line("  #\(block.index)\(state)", .dim))
                tools.items.append(.text(JSONValue.object(block.start).serialized(pretty: true), .plain))
            }
            if !block.unappliedDeltas.isEmpty {
                let target = block.kind.takesToolInput || block.kind == .unknown ? "tools" : "text"
                let line = PaneDocument.Item.line("  \(block.unappliedDeltas.count) unapplied deltas (see d)", .warning)
                if target == "tools" { tools.items.append(line) } else { text.items.append(line) }
            }
        }
        if let error = message.error {
            text.items.append(.line("✖ error event", .alert))
            text.items.append(.text("\(error.type): \(error.message)", .alert))
        }
        return [.thinking: thinking, .text: text, .tools: tools]
    }
}

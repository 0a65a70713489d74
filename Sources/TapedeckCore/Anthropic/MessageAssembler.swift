/// Folds a stream's events into the message they build, one event at a time, diagnosing everything
/// out of protocol without ever discarding what was assembled.
///
/// A value type: the replayer keeps copies as keyframes, and `message` after every event is a cheap
/// snapshot (streamed text is shared append-only storage, see `GrowingText`). Assembly follows the
/// Python SDK's `accumulate_event`, so `message.messageJSON()` equals the SDK's final message.
public struct MessageAssembler: Sendable {
    /// The message after the events applied so far.
    public private(set) var message = AssembledMessage()
    /// API block index → position in `message.content` (the latest start for a repeated index).
    private var positions: [Int: Int] = [:]
    /// The index the next `content_block_start` should carry.
    private var nextIndex = 0
    private var reportedMissingStart = false

    /// Creates an assembler with nothing applied.
    public init() {}

    /// Diagnostics so far (same as `message.diagnostics`).
    public var diagnostics: AppendOnlyList<Diagnostic> { message.diagnostics }

    /// Applies one event; its index is the number of events applied before it.
    public mutating func apply(_ sse: SSEEvent) {
        let eventIndex = message.eventCount
        message.eventCount += 1
        let (event, json) = StreamEvent.decodeWithJSON(sse)
        if message.isComplete, event != .ping {
            report(.eventAfterMessageStop, eventIndex, "\(event.type) after message_stop")
        }
        switch event {
        case .messageStart(let start):
            applyMessageStart(start, eventIndex)
        case .contentBlockStart(let index, _):
            let raw = json?["content_block"]?.objectValue ?? JSONObject()
            applyBlockStart(index: index, raw: raw, eventIndex)
        case .contentBlockDelta(let index, let delta):
            applyDelta(delta, index: index, eventIndex)
        case .contentBlockStop(let index):
            applyBlockStop(index: index, eventIndex)
        case .messageDelta(let delta):
            applyMessageDelta(delta)
        case .messageStop:
            message.isComplete = true
        case .ping:
            break
        case .error(let info):
            message.error = info
            report(.errorEvent, eventIndex, "error event: \(info.type): \(info.message)")
        case .unknown(let type, _):
            report(.unknownEventType, eventIndex, "unknown event type \"\(type)\" (kept verbatim)")
        case .malformed(let type, _, let reason):
            report(.malformedData, eventIndex, "\(type): \(reason)")
        }
    }

    /// Ends the stream: reports blocks never stopped and a missing `message_stop` (with the size of an
    /// unfinished trailing event, when there is one). Calling it again does nothing.
    public mutating func finish(trailing: SSETrailingFragment?) {
        guard !message.isFinished else { return }
        message.isFinished = true
        let end = message.eventCount
        for block in message.openBlocks {
            report(.blockNeverStopped, end, atEnd: true, "\(block.type) block \(block.index) was never stopped")
        }
        if let trailing, !trailing.raw.isEmpty { message.trailingFragmentSize = trailing.raw.count }
        guard !message.isComplete else { return }
        var sentence = "stream ended after \(end) events without message_stop"
        if let trailing, !trailing.raw.isEmpty {
            sentence += "; \(trailing.raw.count) bytes of an unfinished event at byte \(trailing.offset)"
        }
        report(.missingMessageStop, end, atEnd: true, sentence)
    }

    // MARK: Events

    private mutating func applyMessageStart(_ start: MessageStart, _ eventIndex: Int) {
        guard message.messageStart == nil else {
            report(.duplicateMessageStart, eventIndex, "a second message_start (ignored)")
            return
        }
        var object = start.message
        let initialContent = object["content"]?.arrayValue ?? []
        object["content"] = .array([])
        message.messageStart = object
        message.id = start.id
        message.model = start.model
        message.role = start.role
        message.stopReason = object["stop_reason"]?.stringValue
        message.stopSequence = object["stop_sequence"]?.stringValue
        message.usage = start.usage
        // The API sends empty content here; if it ever does not, keep those blocks as already stopped.
        for case .object(let raw) in initialContent {
            var block = AssembledBlock(index: nextIndex, start: raw, startEventIndex: eventIndex)
            block.stopEventIndex = eventIndex
            positions[nextIndex] = message.blocks.count
            message.blocks.append(block)
            nextIndex += 1
        }
    }

    private mutating func applyBlockStart(index: Int, raw: JSONObject, _ eventIndex: Int) {
        checkMessageStarted(eventIndex)
        if positions[index] != nil {
            report(.blockIndexOutOfOrder, eventIndex, "content_block_start repeats index \(index)")
        } else if index != nextIndex {
            report(
                .blockIndexOutOfOrder, eventIndex,
                "content_block_start has index \(index), expected \(nextIndex)")
        }
        let block = AssembledBlock(index: index, start: raw, startEventIndex: eventIndex)
        if block.kind == .unknown {
            report(.unknownBlockType, eventIndex, "unknown content block type \"\(block.type)\" (kept verbatim)")
        }
        positions[index] = message.blocks.count
        message.blocks.append(block)
        nextIndex = max(nextIndex, index + 1)
    }

    private mutating func applyDelta(_ delta: ContentDelta, index: Int, _ eventIndex: Int) {
        checkMessageStarted(eventIndex)
        if message.firstContentDeltaEvent == nil { message.firstContentDeltaEvent = eventIndex }
        guard let position = positions[index] else {
            report(.unknownBlockIndex, eventIndex, "\(delta.type) for block \(index), which was never started")
            return
        }
        let block = message.blocks[position]
        if block.isStopped {
            report(.blockAlreadyStopped, eventIndex, "\(delta.type) for block \(index) after its content_block_stop")
        }
        let applied = message.blocks.modify(at: position) { block -> Bool in
            block.deltaCount += 1
            switch (delta, block.kind) {
            case (.text(let text), .text), (.thinking(let text), .thinking):
                block.textStorage.append(text)
            case (.inputJSON(let fragment), .toolUse), (.inputJSON(let fragment), .serverToolUse):
                block.inputJSON.append(fragment)
            case (.signature(let signature), .thinking):
                block.signature = signature
            case (.citations(let citation), .text):
                block.citations.append(citation)
            default:
                block.unappliedDeltas.append(delta)
                return false
            }
            return true
        }
        guard !applied else { return }
        if case .unknown(let type, _) = delta {
            report(.unknownDeltaType, eventIndex, "unknown delta type \"\(type)\" for block \(index) (kept verbatim)")
        } else {
            report(
                .deltaTypeMismatch, eventIndex,
                "\(delta.type) does not fit \(block.type) block \(index) (kept, not applied)")
        }
    }

    private mutating func applyBlockStop(index: Int, _ eventIndex: Int) {
        guard let position = positions[index] else {
            report(.unknownBlockIndex, eventIndex, "content_block_stop for block \(index), which was never started")
            return
        }
        guard !message.blocks[position].isStopped else {
            report(.blockAlreadyStopped, eventIndex, "a second content_block_stop for block \(index)")
            return
        }
        let diagnostic = message.blocks.modify(at: position) { block -> String? in
            block.stopEventIndex = eventIndex
            guard block.kind.takesToolInput, !block.inputJSON.isEmpty else { return nil }
            do {
                block.finalInput = .valid(try JSONValue.parse(block.inputJSON.string))
                return nil
            } catch {
                block.finalInput = .invalid("\(error)")
                return "tool input of block \(index) (\(block.toolName ?? block.type)) is not valid JSON: \(error)"
            }
        }
        message.blocks.freezeStoppedPrefix()
        if let diagnostic { report(.invalidToolInput, eventIndex, diagnostic) }
    }

    private mutating func applyMessageDelta(_ delta: MessageDelta) {
        // As the SDK: stop_reason, stop_sequence and stop_details are set every time (null when absent);
        // container only when present.
        for key in ["stop_reason", "stop_sequence", "stop_details"] {
            message.messageDeltaFields[key] = delta.delta[key] ?? .null
        }
        if let container = delta.delta["container"], !container.isNull {
            message.messageDeltaFields["container"] = container
        }
        message.stopReason = delta.stopReason
        message.stopSequence = delta.stopSequence
        if let usage = delta.usage { message.usage.merge(delta: usage) }
    }

    // MARK: Helpers

    private mutating func checkMessageStarted(_ eventIndex: Int) {
        guard message.messageStart == nil, !reportedMissingStart else { return }
        reportedMissingStart = true
        report(.missingMessageStart, eventIndex, "content before any message_start")
    }

    private mutating func report(_ kind: Diagnostic.Kind, _ eventIndex: Int, atEnd: Bool = false, _ message: String) {
        self.message.diagnostics.append(
            Diagnostic(kind: kind, eventIndex: eventIndex, isAtEnd: atEnd, message: message))
    }
}

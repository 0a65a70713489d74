/// A cursor over a recorded exchange's events with a virtual clock: the replayer's engine.
///
/// The clock follows the original arrival times (`RecordedEvent.offsetNanos`), with every silence
/// capped at `maxIdleNanos` (like asciinema's idle limit) and scaled by `speed`. The assembled
/// message at the cursor is kept up to date; keyframes of the assembler every
/// `keyframeInterval` events make any seek cost at most that many `apply` calls.
///
/// A long exchange can be replayed while its events are still being read: `init(loading:)` starts from the
/// first page, `append` adds the next pages in order and `finishLoading` ends the stream; the cursor never goes
/// past what is loaded, and the result equals a timeline built from all the events at once.
public struct Timeline: Sendable {
    /// The recording being replayed (while loading: the events loaded so far).
    public internal(set) var exchange: RecordedExchange
    /// Events between keyframes.
    public let keyframeInterval: Int
    /// Silences longer than this (nanoseconds) are shortened to it on the virtual clock; nil keeps them.
    public let maxIdleNanos: Int64?
    /// Gaps between events longer than this (nanoseconds) are anomalies.
    public let gapThresholdNanos: Int64
    /// Places worth stopping at, ordered by position (while loading: those among the loaded events).
    public internal(set) var anomalies: [TimelineAnomaly] = []
    /// Positions just after a `content_block_start` or `content_block_stop` event, ascending.
    public internal(set) var blockBoundaries: [Int] = []
    /// The message with every event applied and the stream finished (while loading: every loaded event
    /// applied, not finished).
    public internal(set) var finalMessage: AssembledMessage
    /// Whether every event is in: false from `init(loading:)` until `finishLoading()`.
    public internal(set) var isLoaded = false

    /// Assembler states: `keyframes[k]` has the first `k * keyframeInterval` events applied.
    var keyframes: [MessageAssembler]
    /// Arrival time of each event on the virtual (idle-capped) clock.
    var virtualOffsets: [Int64] = []
    /// Byte offset of each event's first raw byte in the response body.
    var byteOffsets: [Int] = []
    /// The bytes after the last event that never formed one (set when loading finishes).
    var trailing: SSETrailingFragment?
    /// Where the one pass over the events has got to; `append` carries it on.
    var build = TimelineBuild()

    /// Events applied so far: 0 is before the first event, `eventCount` is the end of the stream.
    public internal(set) var position = 0
    /// The assembler with exactly `position` events applied (and `finish` at the end).
    public internal(set) var assembler: MessageAssembler
    /// Virtual clock in nanoseconds from the request start (idle-capped, not speed-scaled).
    public internal(set) var clockNanos: Int64 = 0
    /// Whether `tick` advances the clock.
    public internal(set) var isPlaying = false
    /// Clock rate: 1 is the original timing.
    public internal(set) var speed: Double = 1
    /// Wall time of the previous tick while playing.
    var ticks = TickInterval()

    /// Builds the timeline in one pass over the events: keyframes, anomalies, block boundaries.
    /// - Parameters:
    ///   - maxIdle: cap for silences in seconds (nil or ≤ 0 keeps the original timing).
    ///   - gapThreshold: silences longer than this many seconds are listed as anomalies.
    public init(
        exchange: RecordedExchange, maxIdle: Double? = nil, gapThreshold: Double = 2, keyframeInterval: Int = 256
    ) {
        self.init(loading: exchange, maxIdle: maxIdle, gapThreshold: gapThreshold, keyframeInterval: keyframeInterval)
        finishLoading()
    }

    /// A timeline over the first events of an exchange whose later events are still being read (`exchange.events`
    /// is the first page; the row's summary and trailing bytes are whole). Parameters as `init(exchange:)`.
    public init(
        loading exchange: RecordedExchange, maxIdle: Double? = nil, gapThreshold: Double = 2,
        keyframeInterval: Int = 256
    ) {
        self.exchange = exchange
        self.keyframeInterval = max(1, keyframeInterval)
        self.maxIdleNanos = maxIdle.flatMap { $0 > 0 ? Int64($0 * 1e9) : nil }
        self.gapThresholdNanos = Int64(max(0, gapThreshold) * 1e9)
        self.keyframes = [MessageAssembler()]
        self.assembler = MessageAssembler()
        self.finalMessage = assembler.message
        buildThrough(from: 0)
    }

    /// Adds the next events of the exchange, in order, while loading (after `finishLoading` it changes nothing).
    public mutating func append(_ events: [RecordedEvent]) {
        guard !isLoaded, !events.isEmpty else { return }
        let start = exchange.events.count
        exchange.events.append(contentsOf: events)
        buildThrough(from: start)
    }

    /// Every event is in: finishes the stream (trailing bytes, end-of-stream findings) as `init(exchange:)` does.
    public mutating func finishLoading() {
        guard !isLoaded else { return }
        isLoaded = true
        let count = exchange.events.count
        trailing =
            exchange.trailingBytes.isEmpty
            ? nil : SSETrailingFragment(raw: exchange.trailingBytes, offset: build.byteCount)
        var assembler = build.assembler
        assembler.finish(trailing: trailing)
        let diagnostics = assembler.diagnostics
        if diagnostics.count > build.diagnosticCount {
            for diagnostic in diagnostics[build.diagnosticCount...] where Timeline.isOwnAnomaly(diagnostic) {
                anomalies.append(
                    TimelineAnomaly(
                        position: count, kind: .diagnostic, summary: Timeline.summary(diagnostic),
                        isAtEnd: diagnostic.isAtEnd))
            }
        }
        let final = assembler.message
        if !final.isComplete && count > 0 {
            let reason = trailing.map { "stream ended without message_stop (\($0.raw.count) trailing bytes)" }
            anomalies.append(
                TimelineAnomaly(
                    position: count, kind: .partialEnd,
                    summary: reason ?? "stream ended without message_stop", isAtEnd: true))
        }
        anomalies = anomalies.enumerated().sorted {
            ($0.element.position, $0.offset) < ($1.element.position, $1.offset)
        }.map(\.element)
        finalMessage = final
        build = TimelineBuild()
        if position == count && count > 0 { self.assembler.finish(trailing: trailing) }
    }

    /// The one pass over `exchange.events[start...]`: byte and virtual offsets, keyframes, anomalies, boundaries.
    private mutating func buildThrough(from start: Int) {
        let events = exchange.events
        if start == 0 {
            // Only for the first events: reserving again for every page would reallocate each time, where
            // appending grows the arrays geometrically.
            byteOffsets.reserveCapacity(events.count)
            virtualOffsets.reserveCapacity(events.count)
            keyframes.reserveCapacity(events.count / keyframeInterval + 1)
        }
        var build = self.build
        self.build = TimelineBuild()
        for index in start..<events.count {
            let event = events[index]
            let byteOffset = build.byteCount
            byteOffsets.append(byteOffset)
            build.byteCount += event.raw.count
            let silence = max(0, event.offsetNanos - build.latestOffset)
            build.virtualNanos += maxIdleNanos.map { min(silence, $0) } ?? silence
            virtualOffsets.append(build.virtualNanos)
            build.latestOffset = max(build.latestOffset, event.offsetNanos)

            if index > 0 && index % keyframeInterval == 0 { keyframes.append(build.assembler) }
            let position = index + 1
            if index > 0 {
                let gap = event.offsetNanos - events[index - 1].offsetNanos
                if gap > gapThresholdNanos {
                    anomalies.append(
                        TimelineAnomaly(
                            position: position, kind: .gap,
                            summary: "\(Timeline.seconds(gap)) silence before event \(position)"))
                }
            }
            build.assembler.apply(Timeline.sseEvent(event, offset: byteOffset))
            if event.type == "error" {
                anomalies.append(
                    TimelineAnomaly(
                        position: position, kind: .errorEvent,
                        summary: "error event: " + Timeline.errorSummary(event.data)))
            }
            if event.type == "content_block_start" || event.type == "content_block_stop" {
                blockBoundaries.append(position)
            }
            let diagnostics = build.assembler.diagnostics
            if diagnostics.count > build.diagnosticCount {
                for diagnostic in diagnostics[build.diagnosticCount...] where Timeline.isOwnAnomaly(diagnostic) {
                    anomalies.append(
                        TimelineAnomaly(position: position, kind: .diagnostic, summary: Timeline.summary(diagnostic)))
                }
                build.diagnosticCount = diagnostics.count
            }
        }
        finalMessage = build.assembler.message
        self.build = build
    }

    /// Number of events in the exchange.
    public var eventCount: Int { exchange.events.count }

    /// The message as assembled at the cursor.
    public var message: AssembledMessage { assembler.message }

    /// The last applied event (the one the cursor is on), nil before the first.
    public var currentEvent: RecordedEvent? {
        position > 0 ? exchange.events[position - 1] : nil
    }

    /// Byte offset of the current event in the response body.
    public var currentByteOffset: Int? {
        position > 0 ? byteOffsets[position - 1] : nil
    }

    /// Length of the virtual clock: the arrival of the last event (idle-capped).
    public var totalVirtualNanos: Int64 { virtualOffsets.last ?? 0 }

    /// Length of the recording in original time: the last event or trailing bytes.
    public var totalOriginalNanos: Int64 {
        max(exchange.events.last?.offsetNanos ?? 0, exchange.trailingOffsetNanos ?? 0)
    }

    /// The clock expressed in original time (silences shown as they were, up to their cap).
    public var elapsedOriginalNanos: Int64 {
        let events = exchange.events
        if position == 0 {
            return min(clockNanos, events.first?.offsetNanos ?? 0)
        }
        let base = events[position - 1].offsetNanos
        let extra = clockNanos - virtualOffsets[position - 1]
        let gap = position < events.count ? events[position].offsetNanos - base : 0
        return base + max(0, min(extra, gap))
    }

    /// Virtual arrival time of the event that brings the cursor to `position` (0 for position 0).
    public func virtualTime(atPosition position: Int) -> Int64 {
        position > 0 ? virtualOffsets[min(position, virtualOffsets.count) - 1] : 0
    }

    /// Moves the cursor to a position without touching the clock: from the current state when
    /// that is close ahead, otherwise from the nearest keyframe at or before it.
    mutating func moveCursor(to target: Int) {
        let count = exchange.events.count
        let target = min(max(0, target), count)
        if target == position { return }
        var state: MessageAssembler
        var from: Int
        if target > position, position < count, target - position <= keyframeInterval {
            state = assembler
            from = position
        } else {
            let frame = min(target / keyframeInterval, keyframes.count - 1)
            state = keyframes[frame]
            from = frame * keyframeInterval
        }
        for index in from..<target {
            state.apply(Timeline.sseEvent(exchange.events[index], offset: byteOffsets[index]))
        }
        if target == count && isLoaded { state.finish(trailing: trailing) }
        assembler = state
        position = target
    }

    /// The SSE event the assembler sees for a recorded event.
    static func sseEvent(_ event: RecordedEvent, offset: Int) -> SSEEvent {
        SSEEvent(event: event.type, data: event.data, raw: event.raw, offset: offset)
    }

    /// Whether a diagnostic is an anomaly of its own (error events and the partial end have theirs).
    static func isOwnAnomaly(_ diagnostic: Diagnostic) -> Bool {
        diagnostic.kind != .errorEvent && diagnostic.kind != .missingMessageStop
    }

    /// "warning block_already_stopped: …" (the event number is the anomaly's position).
    static func summary(_ diagnostic: Diagnostic) -> String {
        "\(diagnostic.severity.rawValue) \(diagnostic.kind.rawValue): \(diagnostic.message)"
    }

    /// "1.25s"-style duration for anomaly summaries.
    static func seconds(_ nanos: Int64) -> String {
        let hundredths = Int((Double(nanos) / 1e7).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100)." + (fraction < 10 ? "0\(fraction)" : "\(fraction)") + "s"
    }

    /// "type: message" of an error event's JSON, or its raw data when unreadable.
    static func errorSummary(_ data: String) -> String {
        guard let value = try? JSONValue.parse(data) else { return data }
        let error = value["error"] ?? value
        let type = error["type"]?.stringValue ?? "error"
        let message = error["message"]?.stringValue ?? ""
        return message.isEmpty ? type : "\(type): \(message)"
    }
}

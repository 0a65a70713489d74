/// Incremental Server-Sent Events parser (WHATWG event-stream rules) that keeps every input byte.
///
/// Feed it bytes exactly as they arrive from the network, split anywhere (inside a line, inside a
/// UTF-8 sequence, between a CR and its LF); it returns the events completed by each chunk.
/// Concatenating `raw` of every returned event plus the fragment from `finish()` gives the input
/// exactly, so a recorded body can be rebuilt byte for byte.
///
/// Rules beyond WHATWG that exist because tapedeck records rather than just consumes:
/// - Bytes of blocks that dispatch nothing (comments, blank lines, blocks without `data:`) are
///   carried into the `raw` of the next dispatched event.
/// - `id` and `retry` are per event: the last valid `id:` / `retry:` in the event's own block.
/// - An event ended by a CR that is the last byte of a chunk is dispatched at once (its arrival
///   time matters); if the next chunk starts with LF, that LF completes the same line end and is
///   carried into the next event's `raw` (or the trailing fragment) instead.
///
/// Memory: an event's bytes are kept once while it arrives. A large event takes the parser's buffer as its
/// `raw` (no copy), and a single `data:` line (every Anthropic event) stays in those bytes as the event's `data`
/// (see `EventPayload`), so a 50 MB event costs its raw bytes once, and the parser keeps no event-sized buffer
/// once the event is out.
public struct SSEParser: Sendable {
    /// Field state of the block being read, reset at every blank line.
    private struct Block: Sendable {
        var event: String?
        /// The joined data of two or more `data:` lines (one line is read from `firstData` instead).
        var data: [UInt8] = []
        /// Where the first `data:` line's value lies, as stream offsets (its bytes stay in the parser's buffer
        /// until the event is dispatched).
        var firstData: Range<Int> = 0..<0
        var dataLines = 0
        var id: String?
        var retry: Int?

        mutating func reset() {
            event = nil
            // A buffer that held one huge joined data is let go, not kept for the rest of the stream.
            if data.capacity > SSEParser.keptCapacity {
                data = []
            } else {
                data.removeAll(keepingCapacity: true)
            }
            dataLines = 0
            id = nil
            retry = nil
        }
    }

    /// The most capacity a buffer keeps for reuse once its bytes are gone (larger ones are released).
    static let keptCapacity = 1 << 16

    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D
    private static let colon: UInt8 = 0x3A
    private static let space: UInt8 = 0x20

    /// Bytes not yet part of a dispatched event (the raw of the event in progress).
    private var buffer: [UInt8] = []
    /// Stream offset of `buffer[0]`.
    private var bufferOffset = 0
    /// Index in `buffer` where the current, not yet terminated, line starts.
    private var lineStart = 0
    /// The last line ended with a CR at the end of a chunk; an LF next is part of that line end.
    private var afterCR = false
    /// No line has been completed yet, so a leading BOM may still need stripping.
    private var atStreamStart = true
    private var block = Block()
    /// An event of at least this many bytes that starts the buffer takes the buffer as its `raw` (moved, not
    /// copied); smaller events copy their bytes out.
    private let movedEventBytes: Int

    /// Where the single `data:` line of the event that takes the buffer lies in it (its text is read from its
    /// bytes instead of being copied out), between `scan` and `feed` moving the buffer in.
    private var movedDataRange: Range<Int>?

    /// Creates a parser positioned at the start of a stream.
    public init() {
        self.init(movingEventsOfAtLeast: Self.keptCapacity)
    }

    /// A parser that moves events of at least `bytes` bytes out of its buffer (tests use small sizes).
    init(movingEventsOfAtLeast bytes: Int) {
        movedEventBytes = max(1, bytes)
    }

    /// Bytes of buffer capacity the parser holds between events (for tests: a dispatched event's bytes are not
    /// kept).
    var retainedCapacity: Int { buffer.capacity + block.data.capacity }

    /// Total number of bytes fed so far.
    public var bytesConsumed: Int { bufferOffset + buffer.count }

    /// Feeds the next chunk of the stream and returns the events it completed, in order.
    public mutating func feed<C: Collection>(_ bytes: C) -> [SSEEvent] where C.Element == UInt8 {
        if bytes.isEmpty { return [] }
        var start = buffer.count
        let appended: Void? = bytes.withContiguousStorageIfAvailable { buffer.append(contentsOf: $0) }
        if appended == nil { buffer.append(contentsOf: bytes) }

        if afterCR {
            afterCR = false
            if buffer[start] == Self.lf {
                start += 1
                lineStart = start
            }
        }

        var events: [SSEEvent] = []
        var work: [UInt8] = []
        swap(&work, &buffer)
        let (consumed, movedEnd) = work.withUnsafeBufferPointer { bytes in
            scan(bytes, from: start, into: &events)
        }
        swap(&work, &buffer)
        if movedEnd > 0 {
            // The first event is the buffer's first `movedEnd` bytes: it takes the buffer; the rest is copied
            // into a fresh one (at most what this chunk added).
            var raw = buffer
            buffer = Array(raw[movedEnd...])
            raw.removeSubrange(movedEnd...)
            if let range = movedDataRange {
                events[0].payload = EventPayload(raw: raw, dataRange: range)
            } else {
                events[0].raw = raw
            }
            movedDataRange = nil
            bufferOffset += movedEnd
            lineStart -= movedEnd
            compact(droppingFirst: consumed - movedEnd)
        } else {
            compact(droppingFirst: consumed)
        }
        return events
    }

    /// Ends the stream: returns the bytes that never formed a dispatched event (a truncated
    /// stream's evidence), or nil when every byte went into an event. The parser starts over.
    public mutating func finish() -> SSETrailingFragment? {
        defer { self = SSEParser(movingEventsOfAtLeast: movedEventBytes) }
        if buffer.isEmpty { return nil }
        return SSETrailingFragment(raw: buffer, offset: bufferOffset)
    }

    /// Scans `bytes[from...]` for line ends, interprets each complete line and appends dispatched
    /// events; returns how many leading bytes now belong to dispatched events, and the end of a first event
    /// that is to take the buffer as its `raw` (0 when none: its `raw` is left empty for `feed` to fill).
    private mutating func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, into events: inout [SSEEvent]
    ) -> (consumed: Int, movedEnd: Int) {
        var movedEnd = 0
        var eventStart = 0
        var index = start
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte > Self.cr || (byte != Self.lf && byte != Self.cr) {
                index += 1
                continue
            }
            var end = index + 1
            if byte == Self.cr {
                if end < count {
                    if bytes[end] == Self.lf { end += 1 }
                } else {
                    afterCR = true
                }
            }
            if interpretLine(bytes, lineStart..<index) {
                let moves = eventStart == 0 && end >= movedEventBytes
                events.append(makeEvent(bytes, eventStart..<end, copyingRaw: !moves))
                if moves { movedEnd = end }
                eventStart = end
            }
            lineStart = end
            index = end
        }
        return (eventStart, movedEnd)
    }

    /// Applies one complete line (without its line end) to the block; returns true when it is a
    /// blank line that dispatches an event.
    private mutating func interpretLine(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        var lower = line.lowerBound
        let upper = line.upperBound
        if atStreamStart {
            atStreamStart = false
            if upper - lower >= 3, bytes[lower] == 0xEF, bytes[lower + 1] == 0xBB, bytes[lower + 2] == 0xBF {
                lower += 3
            }
        }
        if lower == upper {
            if block.dataLines > 0 { return true }
            block.reset()  // WHATWG: a block without data dispatches nothing and sets no type.
            return false
        }
        if bytes[lower] == Self.colon { return false }

        var colonIndex = lower
        while colonIndex < upper, bytes[colonIndex] != Self.colon { colonIndex += 1 }
        var valueStart = colonIndex
        if colonIndex < upper {
            valueStart += 1
            if valueStart < upper, bytes[valueStart] == Self.space { valueStart += 1 }
        }
        let name = UnsafeBufferPointer(rebasing: bytes[lower..<colonIndex])
        applyField(name: name, bytes: bytes, value: valueStart..<upper)
        return false
    }

    private mutating func applyField(
        name: UnsafeBufferPointer<UInt8>, bytes: UnsafeBufferPointer<UInt8>, value valueRange: Range<Int>
    ) {
        let value = UnsafeBufferPointer(rebasing: bytes[valueRange])
        switch name.count {
        case 4 where name[0] == 0x64 && name[1] == 0x61 && name[2] == 0x74 && name[3] == 0x61:  // data
            switch block.dataLines {
            case 0:
                block.firstData = (bufferOffset + valueRange.lowerBound)..<(bufferOffset + valueRange.upperBound)
            case 1:
                // A second line: from now on the data is joined in a buffer of its own.
                block.data.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[bufferRange(block.firstData)]))
                block.data.append(Self.lf)
                block.data.append(contentsOf: value)
            default:
                block.data.append(Self.lf)
                block.data.append(contentsOf: value)
            }
            block.dataLines += 1
        case 5 where Self.equals(name, "event"):
            block.event = value.isEmpty ? nil : Self.eventName(value)
        case 2 where name[0] == 0x69 && name[1] == 0x64:  // id
            if !value.contains(0) { block.id = String(decoding: value, as: UTF8.self) }
        case 5 where Self.equals(name, "retry"):
            if let retry = Self.digits(value) { block.retry = retry }
        default:
            break
        }
    }

    /// The event the block dispatches; `raw` is left empty when not `copyingRaw` (the caller moves it in).
    private mutating func makeEvent(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, copyingRaw: Bool
    ) -> SSEEvent {
        let data: String
        if block.dataLines == 1 && !copyingRaw {
            // The event takes the buffer as its `raw` (it starts at the buffer's first byte), and its text stays there.
            movedDataRange = bufferRange(block.firstData)
            data = ""
        } else if block.dataLines == 1 {
            data = String(decoding: UnsafeBufferPointer(rebasing: bytes[bufferRange(block.firstData)]), as: UTF8.self)
        } else {
            data = String(decoding: block.data, as: UTF8.self)
        }
        let event = SSEEvent(
            event: block.event,
            data: data,
            id: block.id,
            retry: block.retry,
            raw: copyingRaw ? Array(UnsafeBufferPointer(rebasing: bytes[range])) : [],
            offset: bufferOffset + range.lowerBound
        )
        block.reset()
        return event
    }

    /// Stream offsets as indices of the buffer (the block's bytes stay in it until its event is dispatched).
    private func bufferRange(_ offsets: Range<Int>) -> Range<Int> {
        (offsets.lowerBound - bufferOffset)..<(offsets.upperBound - bufferOffset)
    }

    /// Drops the bytes that went into dispatched events from the front of the buffer.
    private mutating func compact(droppingFirst count: Int) {
        guard count > 0 else { return }
        if count == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= Self.keptCapacity)
        } else {
            buffer.removeFirst(count)
        }
        bufferOffset += count
        lineStart -= count
    }

    /// The Anthropic event names, shared instead of allocated per event (most exceed the
    /// 15-byte small-string limit).
    private static let knownEventNames = [
        "content_block_delta", "content_block_start", "content_block_stop", "message_delta", "message_start",
        "message_stop", "ping", "error",
    ]

    private static func eventName(_ value: UnsafeBufferPointer<UInt8>) -> String {
        for name in knownEventNames where name.utf8.count == value.count && name.utf8.elementsEqual(value) {
            return name
        }
        return String(decoding: value, as: UTF8.self)
    }

    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ ascii: StaticString) -> Bool {
        guard bytes.count == ascii.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: ascii.utf8Start, count: ascii.utf8CodeUnitCount)
        return bytes.elementsEqual(expected)
    }

    /// The value of a `retry:` field: ASCII digits only, and it must fit in an Int.
    private static func digits(_ value: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !value.isEmpty else { return nil }
        var result = 0
        for byte in value {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            let (times, overflow1) = result.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(byte - 0x30))
            if overflow1 || overflow2 { return nil }
            result = sum
        }
        return result
    }
}

/// The timing an imported exchange gets when its source has no per-event arrival times.
public enum ImportTiming: Sendable, Hashable {
    /// No timing is known (a bare .sse file): every event at offset 0, and first byte, TTFT and
    /// duration left unknown so they never distort `stats`.
    case unknown
    /// The exchange's first byte and end are known (a HAR entry): events are spread linearly between
    /// them by the position of each event's last byte in the body.
    case spread(firstByteNanos: Int64, endNanos: Int64)
    /// Each event's recorded arrival (a HAR with `_eventSourceMessages`), in the order of the body's events.
    case perEvent(offsets: [Int64], firstByteNanos: Int64, endNanos: Int64)

    /// The first byte and end, when known.
    var bounds: (firstByteNanos: Int64, endNanos: Int64)? {
        switch self {
        case .unknown: nil
        case .spread(let firstByte, let end), .perEvent(_, let firstByte, let end): (firstByte, end)
        }
    }

    /// The arrival offset of event number `event`, whose last byte ends at `endByte` in a body of `total` bytes:
    /// recorded, or synthetic.
    func offset(event: Int, endByte: Int, total: Int) -> Int64 {
        switch self {
        case .unknown:
            return 0
        case .perEvent(let offsets, _, let end):
            return offsets.indices.contains(event) ? offsets[event] : end
        case .spread(let firstByte, let end):
            guard total > 0, end > firstByte else { return firstByte }
            let fraction = Double(endByte) / Double(total)
            return firstByte + Int64((Double(end - firstByte) * fraction).rounded())
        }
    }
}

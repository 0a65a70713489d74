import TapedeckCore

/// How a stream is cut into writes: real networks split events across reads and merge several
/// events into one read, and clients must cope with both.
public enum MockChunking: Sendable, Hashable {
    /// The whole stream in one write (delays are summed).
    case whole
    /// One write per event.
    case perEvent
    /// Seeded random: some events merged with the next ones into one write, some split into
    /// pieces at arbitrary bytes (even inside a UTF-8 sequence or a CRLF).
    case random(seed: UInt64)

    /// Builds the parts; concatenating their bytes gives `pieces` concatenated, exactly.
    func parts(pieces: [SSEEventSplitter.Piece], delays: [Int64]) -> [ScriptedPart] {
        switch self {
        case .whole:
            let bytes = pieces.flatMap(\.bytes)
            return bytes.isEmpty ? [] : [ScriptedPart(delayNanos: delays.reduce(0, +), bytes: bytes)]
        case .perEvent:
            return zip(pieces, delays).map { ScriptedPart(delayNanos: $1, bytes: $0.bytes) }
        case .random(let seed):
            return Self.randomParts(pieces: pieces, delays: delays, seed: seed)
        }
    }

    private static func randomParts(pieces: [SSEEventSplitter.Piece], delays: [Int64], seed: UInt64)
        -> [ScriptedPart]
    {
        var generator = SplitMix64(seed: seed)
        var parts: [ScriptedPart] = []
        var index = 0
        while index < pieces.count {
            let roll = Double.random(in: 0..<1, using: &generator)
            let mergeCount = min(roll < 0.1 ? 3 : (roll < 0.35 ? 2 : 1), pieces.count - index)
            let group = index..<(index + mergeCount)
            let bytes = group.flatMap { pieces[$0].bytes }
            let delay = group.reduce(Int64(0)) { $0 + delays[$1] }
            index += mergeCount
            guard bytes.count > 1, Double.random(in: 0..<1, using: &generator) < 0.4 else {
                parts.append(ScriptedPart(delayNanos: delay, bytes: bytes))
                continue
            }
            // Split into 2–3 pieces; the later pieces follow shortly after (a tenth of the gap).
            let cutCount = min(Int.random(in: 1...2, using: &generator), bytes.count - 1)
            var cuts = Set<Int>()
            while cuts.count < cutCount { cuts.insert(Int.random(in: 1..<bytes.count, using: &generator)) }
            var start = 0
            let trailingDelay = delay / 10
            for (number, cut) in (cuts.sorted() + [bytes.count]).enumerated() {
                let partDelay = number == 0 ? delay - trailingDelay * Int64(cutCount) : trailingDelay
                parts.append(ScriptedPart(delayNanos: partDelay, bytes: Array(bytes[start..<cut])))
                start = cut
            }
        }
        return parts
    }
}

import TapedeckCore

/// When each event of a sample is sent: immediately (tests) or with made-up but realistic gaps.
public enum MockTiming: Sendable, Hashable {
    /// No delays at all.
    case instant
    /// Gaps typical of the real API per event type (≈350 ms to `message_start`, 10–40 ms between
    /// deltas), jittered by `seed`, multiplied by `scale` (1 = real time, 0.1 = ten times faster).
    case realistic(scale: Double = 1, seed: UInt64 = 1)

    /// Nanoseconds to wait before each piece, one per piece.
    func delays(for pieces: [SSEEventSplitter.Piece]) -> [Int64] {
        switch self {
        case .instant:
            return pieces.map { _ in 0 }
        case .realistic(let scale, let seed):
            var generator = SplitMix64(seed: seed)
            var previousWasDelta = false
            return pieces.enumerated().map { index, piece in
                let range = Self.millisecondRange(type: piece.type, isFirst: index == 0)
                var millis = Double.random(in: range, using: &generator)
                // Deltas arrive in bursts after a block starts, not at a uniform pace.
                if piece.type == "content_block_delta", !previousWasDelta { millis *= 1.5 }
                previousWasDelta = piece.type == "content_block_delta"
                let nanos = millis * 1_000_000 * max(scale, 0)
                return nanos.isFinite ? Int64(nanos.rounded()) : 0
            }
        }
    }

    private static func millisecondRange(type: String?, isFirst: Bool) -> ClosedRange<Double> {
        if isFirst { return 250...450 }
        switch type {
        case "message_start": return 250...450
        case "content_block_start": return 1...6
        case "content_block_delta": return 10...40
        case "content_block_stop": return 1...5
        case "message_delta": return 10...30
        case "message_stop": return 1...3
        case "ping": return 0...5
        case "error": return 30...80
        default: return 5...20
        }
    }
}

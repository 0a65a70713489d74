import TapedeckCore

/// Cuts `bytes` into chunks at random positions: mostly tiny chunks (to hit every split point
/// class: inside a line, inside UTF-8, between CR and LF), sometimes large ones, as networks do.
func randomChunks(_ bytes: [UInt8], using rng: inout SplitMix64) -> [ArraySlice<UInt8>] {
    var chunks: [ArraySlice<UInt8>] = []
    var start = 0
    let style = rng.next() % 3
    while start < bytes.count {
        let size: Int
        switch style {
        case 0: size = Int(rng.next() % 8) + 1
        case 1: size = Int(rng.next() % 200) + 1
        default: size = rng.next() % 4 == 0 ? Int(rng.next() % 4096) + 1 : Int(rng.next() % 32) + 1
        }
        let end = min(bytes.count, start + size)
        chunks.append(bytes[start..<end])
        start = end
    }
    return chunks
}

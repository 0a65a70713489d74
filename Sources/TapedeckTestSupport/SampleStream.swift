/// A short, complete Anthropic text stream and its variants (cut, error), the bytes most proxy tests send.
public enum SampleStream {
    public static let events: [String] = [
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}\n\n",
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
        "event: ping\ndata: {\"type\": \"ping\"}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\", world\"}}\n\n",
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":5}}\n\n",
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
    ]

    public static var bytes: [UInt8] { Array(events.joined().utf8) }

    /// Everything before message_stop.
    public static var withoutStop: [UInt8] { Array(events.dropLast().joined().utf8) }

    public static let errorEvent = Array(
        (events.prefix(4).joined()
            + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n")
            .utf8)

    /// Splits `bytes` into parts at deterministic pseudo-random places (inside lines, inside UTF-8).
    public static func chunked(_ bytes: [UInt8], seed: UInt64 = 7) -> [[UInt8]] {
        var state = seed
        var parts: [[UInt8]] = []
        var index = 0
        while index < bytes.count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let size = Int((state >> 33) % 97) + 1
            let end = min(bytes.count, index + size)
            parts.append(Array(bytes[index..<end]))
            index = end
        }
        return parts
    }
}

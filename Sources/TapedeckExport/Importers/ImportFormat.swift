/// The file formats `tapedeck import` reads.
public enum ImportFormat: String, Sendable, CaseIterable, Hashable {
    /// A raw event-stream body.
    case sse
    /// An HTTP Archive.
    case har
    /// tapedeck's own JSONL export.
    case jsonl

    /// The format a file's name says (.sse, .har, .jsonl/.ndjson), or, for other names, what its
    /// first bytes look like; nil when neither tells.
    public static func detect(path: String, bytes: [UInt8]) -> ImportFormat? {
        let lower = path.lowercased()
        if lower.hasSuffix(".sse") { return .sse }
        if lower.hasSuffix(".har") { return .har }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonl }
        var start = bytes[...]
        if start.starts(with: [0xEF, 0xBB, 0xBF]) { start = start.dropFirst(3) }
        start = start.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let head = String(decoding: start.prefix(200), as: UTF8.self)
        if head.hasPrefix("event:") || head.hasPrefix("data:") || head.hasPrefix(":") { return .sse }
        if head.hasPrefix("{") {
            if head.contains("\"type\":\"exchange\"") { return .jsonl }
            if head.contains("\"log\"") { return .har }
        }
        return nil
    }
}

/// Encodes events as Server-Sent Events bytes, the way the Anthropic API frames them, so mock
/// servers and exporters emit streams that any SSE client (and `SSEParser`) reads back unchanged.
public enum SSEWriter {
    /// Encodes one event: `event:`, `id:`, `retry:` lines when given, one `data:` line per line of
    /// `data` (LF, CRLF and CR all split lines; the parser joins them back with "\n"), then a blank line.
    /// Line breaks in `event` or `id` would end the field early, so they are replaced by spaces,
    /// and an `id` containing NUL is dropped, as a WHATWG parser would ignore it.
    public static func encode(event: String?, data: String, id: String? = nil, retry: Int? = nil) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.utf8.count + 32)
        if let event {
            appendField("event", singleLine(event), to: &out)
        }
        if let id, !id.utf8.contains(0) {
            appendField("id", singleLine(id), to: &out)
        }
        if let retry, retry >= 0 {
            appendField("retry", String(retry), to: &out)
        }
        for line in lines(of: data) {
            out.append(contentsOf: "data:".utf8)
            if !line.isEmpty {
                out.append(0x20)
                out.append(contentsOf: line)
            }
            out.append(0x0A)
        }
        out.append(0x0A)
        return out
    }

    /// Encodes an event from its fields (not its `raw` bytes, which callers can copy directly).
    public static func encode(_ event: SSEEvent) -> [UInt8] {
        encode(event: event.event, data: event.data, id: event.id, retry: event.retry)
    }

    private static func appendField(_ name: String, _ value: String, to out: inout [UInt8]) {
        out.append(contentsOf: name.utf8)
        out.append(0x3A)
        if !value.isEmpty {
            out.append(0x20)
            out.append(contentsOf: value.utf8)
        }
        out.append(0x0A)
    }

    private static func singleLine(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return value }
        return String(decoding: value.utf8.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }, as: UTF8.self)
    }

    /// Splits UTF-8 bytes at LF, CRLF and CR; an empty string is one empty line.
    private static func lines(of text: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                result.append(bytes[start..<index])
                if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                start = index + 1
            }
            index += 1
        }
        result.append(bytes[start..<bytes.count])
        return result
    }
}

import TapedeckCore

/// Event labels and raw bytes as the terminal replayer prints them (its status line and `r` box).
enum ReplayEventText {
    /// The event's type, with the delta or block type for content events: `content_block_delta (text_delta)`.
    static func label(_ event: RecordedEvent) -> String {
        guard event.type.hasPrefix("content_block"), event.data.utf8.count < 4096,
            let value = try? JSONValue.parse(event.data)
        else { return event.type }
        if let delta = value["delta"]?["type"]?.stringValue { return "\(event.type) (\(delta))" }
        if let block = value["content_block"]?["type"]?.stringValue { return "\(event.type) (\(block))" }
        return event.type
    }

    /// Bytes as readable lines: CR and LF shown as `\r` and `\n` at the line end, other control bytes and invalid
    /// UTF-8 as `\xNN`; lines joined by newlines.
    static func escaped(_ bytes: [UInt8]) -> String {
        var lines: [String] = []
        var current: [UInt8] = []
        func flush(_ suffix: String) {
            lines.append(escapeLine(current) + suffix)
            current.removeAll()
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D {
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                    flush("\\r\\n")
                    index += 2
                    continue
                }
                flush("\\r")
            } else if byte == 0x0A {
                flush("\\n")
            } else {
                current.append(byte)
            }
            index += 1
        }
        if !current.isEmpty { flush("") }
        return lines.joined(separator: "\n")
    }

    private static func escapeLine(_ bytes: [UInt8]) -> String {
        let decoded = String(decoding: bytes, as: UTF8.self)
        if Array(decoded.utf8) == bytes, !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return decoded }
        var result = ""
        for byte in bytes {
            if byte >= 0x20 && byte < 0x7F {
                result.append(Character(Unicode.Scalar(byte)))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                result += "\\x" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return result
    }

    /// COMPLETE only when `message_stop` was seen; otherwise PARTIAL with the outcome, as the status bar says.
    static func outcome(_ summary: ExchangeSummary) -> (text: String, style: PaneItem.Style) {
        switch summary.outcome {
        case .complete: ("COMPLETE", .good)
        case .nonStreaming: ("NON-STREAMING", .bold)
        case .inProgress: ("PARTIAL · in_progress", .warning)
        default: ("PARTIAL · \(summary.outcome.rawValue)", .alert)
        }
    }
}

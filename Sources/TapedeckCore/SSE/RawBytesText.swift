/// Raw bytes as readable lines (the terminal's `r` box and the HTML replay's raw view): CR and LF shown as `\r`
/// and `\n` at the line end, other control bytes and invalid UTF-8 as `\xNN`, so what was on the wire is visible.
public enum RawBytesText {
    /// One string per line of `bytes`.
    public static func lines(_ bytes: [UInt8]) -> [String] {
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
        return lines
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
}

/// Splits an SSE byte stream at event boundaries (blank lines; LF, CRLF or CR line ends) without
/// interpreting fields: enough to time a sample event by event. A final piece without a blank line
/// (a cut stream's fragment) is returned as the last element.
enum SSEEventSplitter {
    struct Piece: Equatable {
        var bytes: [UInt8]
        /// The `event:` field, if the piece has one.
        var type: String?
    }

    static func split(_ stream: [UInt8]) -> [Piece] {
        var pieces: [Piece] = []
        var start = 0
        var lineStart = 0
        var index = 0
        while index < stream.count {
            let byte = stream[index]
            guard byte == 0x0A || byte == 0x0D else {
                index += 1
                continue
            }
            let lineIsEmpty = index == lineStart
            var next = index + 1
            if byte == 0x0D, next < stream.count, stream[next] == 0x0A { next += 1 }
            if lineIsEmpty {
                let bytes = Array(stream[start..<next])
                pieces.append(Piece(bytes: bytes, type: eventType(bytes)))
                start = next
            }
            lineStart = next
            index = next
        }
        if start < stream.count {
            let bytes = Array(stream[start...])
            pieces.append(Piece(bytes: bytes, type: eventType(bytes)))
        }
        return pieces
    }

    private static func eventType(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            if line.hasPrefix("event:") {
                let value = line.dropFirst(6)
                return String(value.first == " " ? value.dropFirst() : value)
            }
        }
        return nil
    }
}

/// Word wrapping by terminal cell width, with a bounded cost for huge paragraphs.
///
/// Panes are redrawn every frame while playing, so wrapping never looks at more of a paragraph
/// than `maxParagraphBytes`: a longer paragraph shows only its tail, after a "…" marker.
public enum TextWrap {
    /// Paragraph bytes beyond which only the tail is wrapped.
    public static let maxParagraphBytes = 32 * 1024

    /// Lines of one paragraph (no newlines inside) wrapped to `width` cells: breaks after spaces
    /// when a word fits on the next line, otherwise inside the word. Never returns zero lines.
    public static func wrap(paragraph: Substring, width: Int) -> [String] {
        let width = max(1, width)
        var text = paragraph
        var marker = ""
        if text.utf8.count > maxParagraphBytes {
            var start = text.utf8.index(text.utf8.endIndex, offsetBy: -maxParagraphBytes)
            while start < text.utf8.endIndex, text.utf8[start] & 0xC0 == 0x80 { start = text.utf8.index(after: start) }
            text = Substring(String(decoding: text.utf8[start...], as: UTF8.self))
            marker = "…"
        }
        if marker.isEmpty, text.utf8.count <= width, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return [String(text)]
        }
        var lines: [String] = []
        var line = marker
        var lineWidth = CellWidth.of(marker)
        var lastBreak: String.Index?
        var lastBreakCount = 0
        var lineStartInText = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = Screen.visible(text[index])
            let cellWidth = CellWidth.of(character)
            if lineWidth + cellWidth > width, lineWidth > 0 {
                if character == " " {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                    lastBreak = nil
                    index = text.index(after: index)
                    lineStartInText = index
                    continue
                }
                if let breakIndex = lastBreak, breakIndex > lineStartInText {
                    let cut = line.index(line.startIndex, offsetBy: lastBreakCount)
                    lines.append(String(line[..<cut]))
                    line = String(line[cut...])
                    lineWidth = CellWidth.of(line)
                    lineStartInText = breakIndex
                } else {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                    lineStartInText = index
                }
                lastBreak = nil
            }
            line.append(character)
            lineWidth += cellWidth
            index = text.index(after: index)
            if character == " " {
                lastBreak = index
                lastBreakCount = line.count
            }
        }
        lines.append(line)
        return lines
    }

    /// All lines of a multi-paragraph text wrapped to `width`.
    public static func wrap(_ text: String, width: Int) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { wrap(paragraph: $0, width: width) }
    }

    /// The last `count` wrapped lines of `text`, looking only at the paragraphs they come from.
    public static func tail(_ text: String, width: Int, count: Int) -> [String] {
        guard count > 0 else { return [] }
        var collected: [[String]] = []
        var total = 0
        var end = text.endIndex
        while true {
            let start = text[..<end].lastIndex(of: "\n")
            let paragraphStart = start.map { text.index(after: $0) } ?? text.startIndex
            let lines = wrap(paragraph: text[paragraphStart..<end], width: width)
            collected.append(lines)
            total += lines.count
            guard total < count, let newline = start else { break }
            end = newline
        }
        var result: [String] = []
        result.reserveCapacity(min(total, count))
        for lines in collected.reversed() { result.append(contentsOf: lines) }
        return result.count > count ? Array(result.suffix(count)) : result
    }
}

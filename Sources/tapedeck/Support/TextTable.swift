/// Aligned text tables for the terminal: `ls` prints sessions and exchanges with the same layout rules.
enum TextTable {
    /// `headings` and `rows` in columns two spaces apart, numbers (`rightAligned` columns) flush right, no
    /// trailing spaces.
    static func render(headings: [String], rows: [[String]], rightAligned: Set<Int>) -> String {
        var widths = headings.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (index, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                if index > 0 { text += "  " }
                text += rightAligned.contains(index) ? padding + cell : cell + padding
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        return ([line(headings)] + rows.map(line)).joined(separator: "\n")
    }
}

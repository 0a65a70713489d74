/// Aligned text tables for the terminal: `ls` prints sessions and exchanges with the same layout rules, and
/// fits a narrow terminal by dropping the least useful columns and shortening text ones, never by wrapping rows.
enum TextTable {
    /// How one column behaves when the table is too wide.
    struct Column {
        /// The heading printed above the column.
        var heading: String
        /// Numbers are right-aligned so their digits line up.
        var rightAligned = false
        /// Higher stays longer: when the table is too wide, the lowest-priority column goes first.
        var priority: Int
        /// A text column may be cut to this width (with "…") before any column is dropped; nil keeps it whole.
        var minimumWidth: Int? = nil
    }

    /// `rows` under `columns`, two spaces apart, numbers flush right, no trailing spaces; with a `width`, at most
    /// that many characters per line.
    static func render(columns: [Column], rows: [[String]], width: Int? = nil) -> String {
        var natural = columns.map(\.heading.count)
        for row in rows {
            for (index, cell) in row.enumerated() { natural[index] = max(natural[index], cell.count) }
        }
        let widths = fit(columns: columns, natural: natural, width: width)
        func line(_ cells: [String]) -> String {
            var shown: [String] = []
            for (index, cell) in cells.enumerated() {
                guard let columnWidth = widths[index] else { continue }
                let text = clip(cell, columnWidth)
                let padding = String(repeating: " ", count: columnWidth - text.count)
                shown.append(columns[index].rightAligned ? padding + text : text + padding)
            }
            var text = shown.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        return ([line(columns.map(\.heading))] + rows.map(line)).joined(separator: "\n")
    }

    /// The width each column gets (nil: dropped). Columns go lowest priority first until the rest fit with their
    /// text columns at minimum width; then the room left widens text columns back, highest priority first.
    static func fit(columns: [Column], natural: [Int], width: Int?) -> [Int?] {
        guard let width else { return natural }
        var kept = Set(columns.indices)
        func least(_ index: Int) -> Int { min(natural[index], columns[index].minimumWidth ?? natural[index]) }
        func total(_ measure: (Int) -> Int) -> Int {
            kept.reduce(0) { $0 + measure($1) } + 2 * max(kept.count - 1, 0)
        }
        let droppingOrder = columns.indices.sorted { columns[$0].priority < columns[$1].priority }
        for index in droppingOrder where total(least) > width && kept.count > 1 { kept.remove(index) }
        var widths: [Int?] = columns.indices.map { kept.contains($0) ? least($0) : nil }
        var room = width - total(least)
        for index in columns.indices.sorted(by: { columns[$0].priority > columns[$1].priority }) where room > 0 {
            guard let current = widths[index] else { continue }
            let grow = min(room, natural[index] - current)
            widths[index] = current + grow
            room -= grow
        }
        return widths
    }

    /// `text` cut to `width` characters, its last one an ellipsis when anything was cut.
    static func clip(_ text: String, _ width: Int) -> String {
        guard text.count > width else { return text }
        return width <= 1 ? String(text.prefix(width)) : String(text.prefix(width - 1)) + "…"
    }
}

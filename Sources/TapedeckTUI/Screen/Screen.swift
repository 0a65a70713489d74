/// A grid of styled cells: what the replayer shows, built by pure code and drawn by a backend.
///
/// Printing it as plain text gives golden test files and `tapedeck replay --snapshot`.
public struct Screen: Sendable, Hashable {
    /// Columns.
    public private(set) var width: Int
    /// Rows.
    public private(set) var height: Int
    /// Row-major cells, `width * height` of them.
    public private(set) var cells: [Cell]

    /// Creates a blank screen; negative sizes count as 0.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// The cell at a position (blank outside the grid).
    public subscript(row: Int, column: Int) -> Cell {
        guard row >= 0, row < height, column >= 0, column < width else { return .blank }
        return cells[row * width + column]
    }

    /// Blanks every cell.
    public mutating func clear() {
        for index in cells.indices { cells[index] = .blank }
    }

    /// Fills a rectangle with one character and style.
    public mutating func fill(
        row: Int, column: Int, width fillWidth: Int, height fillHeight: Int, character: Character = " ",
        style: CellStyle = .plain
    ) {
        let rowEnd = min(height, row + fillHeight)
        let columnEnd = min(width, column + fillWidth)
        guard row < rowEnd, column < columnEnd else { return }
        for y in max(0, row)..<rowEnd {
            for x in max(0, column)..<columnEnd {
                set(row: y, column: x, Cell(character: character, style: style))
            }
        }
    }

    /// Writes text on one row starting at `column`, clipped to `limit` columns (default: to the
    /// right edge); returns the columns used. Control characters are shown as visible symbols,
    /// a wide character that does not fit is replaced by a space.
    @discardableResult
    public mutating func put(
        _ text: String, row: Int, column: Int, style: CellStyle = .plain, limit: Int? = nil
    ) -> Int {
        guard row >= 0, row < height, column < width else { return 0 }
        let end = min(width, column + (limit ?? width))
        var x = column
        for character in text {
            if x >= end { break }
            let shown = Screen.visible(character)
            let cellWidth = CellWidth.of(shown)
            if cellWidth == 0 { continue }
            if x + cellWidth > end {
                if x >= 0 { set(row: row, column: x, Cell(character: " ", style: style)) }
                x += 1
                break
            }
            if x >= 0 {
                set(row: row, column: x, Cell(character: shown, style: style))
                if cellWidth == 2, x + 1 < width {
                    set(row: row, column: x + 1, Cell(character: " ", style: style, isContinuation: true))
                }
            }
            x += cellWidth
        }
        return max(0, x - column)
    }

    /// Changes the style of existing cells in a rectangle (used for highlights).
    public mutating func restyle(row: Int, column: Int, width restyleWidth: Int, style: CellStyle) {
        guard row >= 0, row < height else { return }
        for x in max(0, column)..<min(width, column + restyleWidth) {
            cells[row * width + x].style = style
        }
    }

    /// The screen as plain text: one line per row, trailing spaces removed.
    public var plainText: String {
        var lines: [String] = []
        lines.reserveCapacity(height)
        for y in 0..<height {
            var line = ""
            for x in 0..<width {
                let cell = cells[y * width + x]
                if !cell.isContinuation { line.append(cell.character) }
            }
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Sets one cell, keeping wide characters consistent when a half of one is overwritten.
    private mutating func set(row: Int, column: Int, _ cell: Cell) {
        let index = row * width + column
        let old = cells[index]
        if old.isContinuation, column > 0, !cell.isContinuation {
            cells[index - 1] = Cell(character: " ", style: cells[index - 1].style)
        }
        if !old.isContinuation, column + 1 < width, cells[index + 1].isContinuation,
            CellWidth.of(cell.character) != 2
        {
            cells[index + 1] = Cell(character: " ", style: cells[index + 1].style)
        }
        cells[index] = cell
    }

    /// A drawable stand-in for characters a terminal would interpret instead of showing.
    static func visible(_ character: Character) -> Character {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else {
            return character
        }
        switch scalar.value {
        case 0x09: return " "
        case 0x00..<0x20: return Character(Unicode.Scalar(0x2400 + scalar.value) ?? "?")
        case 0x7F: return "\u{2421}"
        case 0x80..<0xA0: return "\u{FFFD}"
        default: return character
        }
    }
}

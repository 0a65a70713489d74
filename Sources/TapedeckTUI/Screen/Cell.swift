/// One terminal cell of a `Screen`: a grapheme cluster and its style.
public struct Cell: Sendable, Hashable {
    /// What is drawn in the cell; a space for an empty cell.
    public var character: Character
    /// How it is drawn.
    public var style: CellStyle
    /// True for the right half of a 2-cell character (nothing is drawn there).
    public var isContinuation: Bool

    /// Creates a cell.
    public init(character: Character = " ", style: CellStyle = .plain, isContinuation: Bool = false) {
        self.character = character
        self.style = style
        self.isContinuation = isContinuation
    }

    /// An empty cell.
    public static let blank = Cell()
}

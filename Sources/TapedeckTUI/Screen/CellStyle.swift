/// The eight classic terminal colours plus "whatever the terminal uses", the palette every backend has.
public enum TerminalColor: UInt8, Sendable, Hashable, CaseIterable {
    /// The terminal's own default colour.
    case standard
    /// ANSI black.
    case black
    /// ANSI red.
    case red
    /// ANSI green.
    case green
    /// ANSI yellow.
    case yellow
    /// ANSI blue.
    case blue
    /// ANSI magenta.
    case magenta
    /// ANSI cyan.
    case cyan
    /// ANSI white.
    case white
}

/// How one cell looks; kept in the `Screen` model even when the backend cannot show colour.
public struct CellStyle: Sendable, Hashable {
    /// Text colour.
    public var foreground: TerminalColor
    /// Cell background colour.
    public var background: TerminalColor
    /// Bold (bright) text.
    public var bold: Bool
    /// Dim text for secondary information.
    public var dim: Bool
    /// Swapped foreground and background: works without colour, so it carries meaning (cursor, focus).
    public var reverse: Bool
    /// Underlined text.
    public var underline: Bool

    /// Creates a style; everything defaults to the terminal's plain text.
    public init(
        foreground: TerminalColor = .standard, background: TerminalColor = .standard, bold: Bool = false,
        dim: Bool = false, reverse: Bool = false, underline: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    /// Plain terminal text.
    public static let plain = CellStyle()
    /// Headings and labels.
    public static let bold = CellStyle(bold: true)
    /// Secondary information.
    public static let dim = CellStyle(dim: true)
    /// Highlighted bars (status bar, focused title, cursor): visible without colour.
    public static let reverse = CellStyle(reverse: true)
    /// Errors and partial outcomes.
    public static let alert = CellStyle(foreground: .red, bold: true)
    /// Good news: complete outcomes and complete JSON.
    public static let good = CellStyle(foreground: .green)
    /// Warnings: incomplete JSON, anomalies.
    public static let warning = CellStyle(foreground: .yellow)
    /// Names and identifiers.
    public static let accent = CellStyle(foreground: .cyan)
}

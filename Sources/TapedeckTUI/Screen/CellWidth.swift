/// Terminal cell widths of Unicode text (a small wcwidth), so wide CJK and emoji line up in panes.
///
/// Rules: combining marks, format characters and zero-width spaces take 0 cells; East Asian Wide
/// and Fullwidth characters and emoji with default emoji presentation take 2; everything else 1.
/// A grapheme cluster takes the width of its first visible scalar, widened to 2 by U+FE0F
/// (emoji presentation) and narrowed to 1 by U+FE0E (text presentation).
public enum CellWidth {
    /// Wide (2-cell) ranges that `isEmojiPresentation` does not already cover.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
        0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
        0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4,
        0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x1F200...0x1F202, 0x1F210...0x1F23B,
        0x1F240...0x1F248, 0x1F250...0x1F251, 0x1F260...0x1F265, 0x20000...0x2FFFD,
        0x30000...0x3FFFD,
    ]

    /// Cells taken by one scalar on its own: 0, 1 or 2 (control characters count 0; callers
    /// replace them before drawing).
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x7F { return value < 0x20 ? 0 : 1 }
        if value < 0xA0 { return 0 }
        if value < 0x300 { return 1 }
        if value == 0x200B || (0x1160...0x11FF).contains(value) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return 0
        case .format: return value == 0x00AD ? 1 : 0
        default: break
        }
        if value < 0x1100 { return 1 }
        if scalar.properties.isEmojiPresentation { return 2 }
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = wideRanges[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return 2
            }
        }
        return 1
    }

    /// Cells taken by one grapheme cluster (what a terminal draws as one glyph).
    public static func of(_ character: Character) -> Int {
        if character.utf8.count == 1 { return of(character.unicodeScalars.first ?? " ") }
        var width = 0
        var presentation: Int?
        for scalar in character.unicodeScalars {
            if scalar.value == 0xFE0F { presentation = 2 }
            if scalar.value == 0xFE0E { presentation = 1 }
            if width == 0 { width = of(scalar) }
        }
        if width == 0 { return 0 }
        return presentation ?? width
    }

    /// Cells taken by a whole string on one line.
    public static func of(_ string: String) -> Int {
        var total = 0
        if string.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return string.utf8.count }
        for character in string { total += of(character) }
        return total
    }
}

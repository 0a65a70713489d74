import Testing

@testable import TapedeckTUI

@Suite struct CellWidthTests {
    @Test func asciiIsOneCell() {
        #expect(CellWidth.of("hello") == 5)
        #expect(CellWidth.of(Character("a")) == 1)
    }

    @Test func cjkAndHangulAreTwoCells() {
        #expect(CellWidth.of("日本語") == 6)
        #expect(CellWidth.of("한국어") == 6)
        #expect(CellWidth.of(Character("Ｗ")) == 2)  // fullwidth Latin
        #expect(CellWidth.of(Character("ｱ")) == 1)  // halfwidth katakana
    }

    @Test func emojiAreTwoCells() {
        #expect(CellWidth.of(Character("😀")) == 2)
        #expect(CellWidth.of(Character("👩‍💻")) == 2)  // ZWJ sequence: one glyph
        #expect(CellWidth.of(Character("🇫🇷")) == 2)  // flag
        #expect(CellWidth.of(Character("👍🏽")) == 2)  // skin tone modifier
        #expect(CellWidth.of(Character("❤️")) == 2)  // VS16 makes a text-default symbol wide
        #expect(CellWidth.of(Character("❤")) == 1)
    }

    @Test func combiningMarksAreZero() {
        #expect(CellWidth.of("e\u{301}") == 1)  // é as e + combining acute
        #expect(CellWidth.of(Unicode.Scalar(0x301)!) == 0)
        #expect(CellWidth.of(Unicode.Scalar(0x200B)!) == 0)  // zero-width space
        #expect(CellWidth.of(Unicode.Scalar(0x200D)!) == 0)  // zero-width joiner
        #expect(CellWidth.of("a\u{200B}b") == 2)
    }

    @Test func controlCharactersAreZeroAndShownVisibly() {
        #expect(CellWidth.of(Unicode.Scalar(0x07)) == 0)
        var screen = Screen(width: 10, height: 1)
        screen.put("a\rb\tc", row: 0, column: 0)
        #expect(screen.plainText == "a␍b c\n")
    }
}

@Suite struct ScreenTests {
    @Test func wideCharactersTakeTwoCellsAndClip() {
        var screen = Screen(width: 5, height: 2)
        #expect(screen.put("日本語", row: 0, column: 0) == 5)  // the third does not fit: a space
        #expect(screen[0, 1].isContinuation)
        #expect(screen.plainText == "日本\n\n")
        screen.put("ab😀", row: 1, column: 0)
        #expect(screen.plainText == "日本\nab😀\n")
    }

    @Test func overwritingHalfOfAWideCharacterBlanksTheOtherHalf() {
        var screen = Screen(width: 6, height: 1)
        screen.put("日本語", row: 0, column: 0)
        screen.put("x", row: 0, column: 1)
        #expect(screen.plainText == " x本語\n")
        screen.put("y", row: 0, column: 2)
        #expect(screen.plainText == " xy 語\n")
    }

    @Test func limitsAndOffscreenWritesAreSafe() {
        var screen = Screen(width: 4, height: 1)
        screen.put("abcdef", row: 0, column: 1, limit: 2)
        screen.put("zz", row: 5, column: 0)
        screen.put("zz", row: -1, column: 0)
        #expect(screen.plainText == " ab\n")
    }
}

@Suite struct TextWrapTests {
    @Test func wrapsAtSpacesAndBreaksLongWords() {
        #expect(TextWrap.wrap("the quick brown fox", width: 10) == ["the quick ", "brown fox"])
        #expect(TextWrap.wrap("abcdefghij klm", width: 4) == ["abcd", "efgh", "ij ", "klm"])
        #expect(TextWrap.wrap("a\n\nb", width: 4) == ["a", "", "b"])
    }

    @Test func wrapsByCellWidth() {
        #expect(TextWrap.wrap("日本語です", width: 4) == ["日本", "語で", "す"])
    }

    @Test func tailEqualsTheEndOfTheFullWrap() {
        let text = (0..<50).map { "line \($0) with some words to wrap around" }.joined(separator: "\n")
        let full = TextWrap.wrap(text, width: 12)
        for count in [1, 3, 7, 40, 500] {
            #expect(TextWrap.tail(text, width: 12, count: count) == Array(full.suffix(count)))
        }
    }

    @Test func hugeParagraphsShowOnlyTheirTail() {
        let huge = String(repeating: "x", count: TextWrap.maxParagraphBytes * 3)
        let lines = TextWrap.tail(huge, width: 100, count: 2)
        #expect(lines.count == 2)
        #expect(TextWrap.wrap(paragraph: Substring(huge), width: 100).first?.hasPrefix("…") == true)
    }
}

import CNCurses

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real terminal, through ncurses (wide-character build): the only file that imports CNCurses.
///
/// It draws `Screen` values and turns keys, resizes and SIGINT/SIGTERM/SIGHUP into inputs; the
/// terminal is restored by `restore()`, which the run loop calls on quit, error and signal.
public struct NCursesTerminal: Terminal {
    /// Why the terminal could not be started.
    public struct StartError: Error, CustomStringConvertible {
        /// What went wrong, for the user.
        public var description: String
    }

    public private(set) var usesColor: Bool
    private var isActive = true
    private var pairs: [ColorKey: Int16] = [:]
    private var maxPairs: Int
    private var previous: Screen?

    private struct ColorKey: Hashable {
        var foreground: TerminalColor
        var background: TerminalColor
    }

    /// Enters curses mode; colours are used when the terminal has them and NO_COLOR is unset.
    public init(allowColor: Bool) throws {
        let noColor = getenv("NO_COLOR").map { String(cString: $0).isEmpty == false } ?? false
        let result = tapedeck_curses_begin(allowColor && !noColor ? 1 : 0)
        if result < 0 {
            throw StartError(
                description:
                    "cannot start the terminal UI (TERM=\(getenv("TERM").map { String(cString: $0) } ?? "unset")); "
                    + "use --plain or --snapshot instead")
        }
        usesColor = result == 1
        maxPairs = Int(tapedeck_color_pairs())
    }

    public var size: (width: Int, height: Int) {
        (Int(tapedeck_columns()), Int(tapedeck_lines()))
    }

    /// Whether a terminating signal arrived (the run loop turns it into a quit).
    public var signalReceived: Bool { tapedeck_signal_seen() != 0 }

    public mutating func draw(_ screen: Screen) {
        guard isActive else { return }
        let full = previous.map { $0.width != screen.width || $0.height != screen.height } ?? true
        if full { tapedeck_erase() }
        var characters: [wchar_t] = []
        for row in 0..<screen.height {
            for column in 0..<screen.width {
                let cell = screen[row, column]
                if cell.isContinuation { continue }
                if !full, let previous, previous[row, column] == cell { continue }
                characters.removeAll(keepingCapacity: true)
                for scalar in cell.character.unicodeScalars { characters.append(wchar_t(scalar.value)) }
                let style = cell.style
                let attrs = tapedeck_attributes(
                    style.bold ? 1 : 0, style.dim ? 1 : 0, style.reverse ? 1 : 0, style.underline ? 1 : 0)
                let pair = usesColor ? pairNumber(style.foreground, style.background) : 0
                characters.withUnsafeBufferPointer { buffer in
                    tapedeck_put_cell(Int32(row), Int32(column), buffer.baseAddress, Int32(buffer.count), attrs, pair)
                }
            }
        }
        tapedeck_refresh()
        previous = screen
    }

    public mutating func readInput(timeoutMilliseconds: Int) -> TerminalInput? {
        guard isActive else { return nil }
        if signalReceived { return .key(.interrupt) }
        var value: UInt32 = 0
        let result = tapedeck_read_key(Int32(timeoutMilliseconds), &value)
        if signalReceived { return .key(.interrupt) }
        if result == KEY_CODE_YES {
            return functionKey(Int32(bitPattern: value))
        }
        guard result == OK, let scalar = Unicode.Scalar(value) else { return nil }
        switch value {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 3: return .key(.interrupt)
        case 0..<32: return nil
        default: return .key(.character(Character(scalar)))
        }
    }

    public mutating func restore() {
        guard isActive else { return }
        isActive = false
        tapedeck_curses_end()
    }

    private mutating func functionKey(_ code: Int32) -> TerminalInput? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_BTAB: return .key(.backTab)
        case KEY_ENTER: return .key(.enter)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_RESIZE:
            previous = nil
            return .resize(width: size.width, height: size.height)
        default: return nil
        }
    }

    private mutating func pairNumber(_ foreground: TerminalColor, _ background: TerminalColor) -> Int16 {
        if foreground == .standard, background == .standard { return 0 }
        let key = ColorKey(foreground: foreground, background: background)
        if let pair = pairs[key] { return pair }
        let next = pairs.count + 1
        guard next < maxPairs else { return 0 }
        tapedeck_init_pair(Int16(next), Self.cursesColor(foreground), Self.cursesColor(background))
        pairs[key] = Int16(next)
        return Int16(next)
    }

    private static func cursesColor(_ color: TerminalColor) -> Int16 {
        switch color {
        case .standard: -1
        case .black: Int16(COLOR_BLACK)
        case .red: Int16(COLOR_RED)
        case .green: Int16(COLOR_GREEN)
        case .yellow: Int16(COLOR_YELLOW)
        case .blue: Int16(COLOR_BLUE)
        case .magenta: Int16(COLOR_MAGENTA)
        case .cyan: Int16(COLOR_CYAN)
        case .white: Int16(COLOR_WHITE)
        }
    }
}

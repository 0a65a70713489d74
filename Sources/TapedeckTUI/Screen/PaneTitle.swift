/// The title row of a pane: every pane (Thinking, Text, Tools, Request, Turns) marks focus the same way, in
/// reverse video and with ▶ in text, so the focused pane reads without colour.
enum PaneTitle {
    /// Draws ` TITLE ` (` ▶ TITLE ` when focused, then `suffix`) over the first row of `rect`.
    static func draw(_ text: String, suffix: String = "", focused: Bool, rect: Rect, into screen: inout Screen) {
        guard rect.height > 0, rect.width > 0 else { return }
        let title = (focused ? " ▶ \(text) " : " \(text) ") + suffix
        if focused {
            screen.fill(row: rect.row, column: rect.column, width: rect.width, height: 1, style: .reverse)
            screen.put(
                title, row: rect.row, column: rect.column, style: CellStyle(bold: true, reverse: true),
                limit: rect.width)
        } else {
            screen.fill(row: rect.row, column: rect.column, width: rect.width, height: 1, character: "─", style: .dim)
            screen.put(title, row: rect.row, column: rect.column + 1, style: .bold, limit: rect.width - 1)
        }
    }
}

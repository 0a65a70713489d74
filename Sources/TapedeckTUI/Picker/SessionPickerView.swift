import Foundation
import TapedeckCore

/// Draws the picker state into a screen.
public func render(_ state: SessionPickerState, into screen: inout Screen) {
    SessionPickerView.render(state, into: &screen)
}

/// The session list view: a header, one row per session like `tapedeck ls`, and a key-hint row.
public enum SessionPickerView {
    /// Rows available for sessions at a terminal height.
    public static func listRows(height: Int) -> Int { max(0, height - 3) }

    /// Column widths: id, started, client, exchanges, turns; the outcome takes the rest.
    static let columns = (id: 10, started: 19, client: 24, exchanges: 9, turns: 5)

    /// The header row.
    public static var header: String {
        "\(pad("session", columns.id))  \(pad("started (UTC)", columns.started))  \(pad("client", columns.client))  "
            + "\(padLeft("exchanges", columns.exchanges))  \(padLeft("turns", columns.turns))  worst outcome"
    }

    /// One session as a row: id, start time (UTC), client, exchanges, turns, worst outcome.
    public static func row(_ item: SessionPickerItem) -> String {
        let figures = item.figures
        let outcome =
            figures.failedExchanges > 0
            ? "\(figures.outcome.labelWithOutcome) (\(figures.failedExchanges) failed)"
            : figures.outcome.labelWithOutcome
        return "\(pad(item.summary.id, columns.id))  \(timestamp(item.summary.startedAtNanos))  "
            + "\(pad(item.summary.client ?? "—", columns.client))  "
            + "\(padLeft(String(figures.exchanges), columns.exchanges))  \(padLeft(String(figures.turns), columns.turns))  "
            + outcome
    }

    /// Draws `state`.
    public static func render(_ state: SessionPickerState, into screen: inout Screen) {
        if screen.width != state.width || screen.height != state.height {
            screen = Screen(width: state.width, height: state.height)
        } else {
            screen.clear()
        }
        guard state.height >= 4, state.width >= 20 else {
            screen.put("terminal too small; q quits", row: 0, column: 0, style: .alert)
            return
        }
        let visible = state.visible
        screen.fill(row: 0, column: 0, width: state.width, height: 1, style: .reverse)
        screen.put(
            " tapedeck replay · choose a session (\(visible.count) of \(state.sessions.count))", row: 0, column: 0,
            style: CellStyle(bold: true, reverse: true))
        screen.put(header, row: 1, column: 0, style: .bold)
        let rows = listRows(height: state.height)
        let first = max(0, min(state.selection - rows + 1, max(0, visible.count - rows)))
        let top = state.selection < first ? state.selection : first
        if visible.isEmpty {
            screen.put(
                state.sessions.isEmpty ? "no sessions recorded yet" : "no session matches the filter", row: 2,
                column: 0, style: .dim)
        }
        for (offset, item) in visible.dropFirst(top).prefix(rows).enumerated() {
            let index = top + offset
            let style: CellStyle =
                index == state.selection ? .reverse : (item.figures.outcome.isFailure ? .alert : .plain)
            if index == state.selection {
                screen.fill(row: 2 + offset, column: 0, width: state.width, height: 1, style: .reverse)
            }
            screen.put(row(item), row: 2 + offset, column: 0, style: style)
        }
        let footer =
            state.isEditingFilter
            ? "filter: \(state.filter)▏  (enter keeps it, esc clears)"
            : "↑↓ move  enter replay  / filter\(state.filter.isEmpty ? "" : " [\(state.filter)]")  q quit"
        screen.put(
            DisplayFormat.truncated(footer, width: state.width), row: state.height - 1, column: 0,
            style: state.isEditingFilter ? .bold : .dim)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        let truncated = DisplayFormat.truncated(text, width: width)
        return truncated + String(repeating: " ", count: max(0, width - CellWidth.of(truncated)))
    }

    private static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - CellWidth.of(text))) + text
    }

    /// "2025-11-24 16:00:00" in UTC.
    static func timestamp(_ nanos: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(nanos) / 1e9)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let value = value ?? 0
            return value < 10 ? "0\(value)" : "\(value)"
        }
        return
            "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
    }
}

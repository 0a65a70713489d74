import Foundation
import TapedeckCore

/// Draws the picker state into a screen.
public func render(_ state: ExchangePickerState, into screen: inout Screen) {
    ExchangePickerView.render(state, into: &screen)
}

/// The exchange list view: a header, one row per exchange like `tapedeck ls`, and a key-hint row.
public enum ExchangePickerView {
    /// Rows available for exchanges at a terminal height.
    public static func listRows(height: Int) -> Int { max(0, height - 3) }

    /// One exchange as a row: id, start time (UTC), model, outcome, events.
    public static func row(_ summary: ExchangeSummary) -> String {
        let time = timestamp(summary.startedAtNanos)
        let model = pad(summary.model ?? "—", 28)
        let outcome = pad(summary.outcome == .complete ? "complete" : "PARTIAL " + summary.outcome.rawValue, 30)
        return "\(pad(summary.id, 12)) \(time)  \(model) \(outcome) \(summary.eventCount)"
    }

    /// Draws `state`.
    public static func render(_ state: ExchangePickerState, into screen: inout Screen) {
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
            " tapedeck replay · choose an exchange (\(visible.count) of \(state.exchanges.count))", row: 0, column: 0,
            style: CellStyle(bold: true, reverse: true))
        screen.put(
            "\(pad("id", 12)) \(pad("started (UTC)", 19))  \(pad("model", 28)) \(pad("outcome", 30)) events",
            row: 1, column: 0, style: .bold)
        let rows = listRows(height: state.height)
        let first = max(0, min(state.selection - rows + 1, max(0, visible.count - rows)))
        let top = state.selection < first ? state.selection : first
        if visible.isEmpty {
            screen.put(
                state.exchanges.isEmpty ? "no exchanges recorded yet" : "no exchange matches the filter", row: 2,
                column: 0, style: .dim)
        }
        for (offset, summary) in visible.dropFirst(top).prefix(rows).enumerated() {
            let index = top + offset
            let style: CellStyle =
                index == state.selection ? .reverse : (summary.outcome.isFailure ? .alert : .plain)
            if index == state.selection {
                screen.fill(row: 2 + offset, column: 0, width: state.width, height: 1, style: .reverse)
            }
            screen.put(row(summary), row: 2 + offset, column: 0, style: style)
        }
        let footer =
            state.isEditingFilter
            ? "filter: \(state.filter)▏  (enter keeps it, esc clears)"
            : "↑↓ move  enter replay  / filter\(state.filter.isEmpty ? "" : " [\(state.filter)]")  q quit"
        screen.put(footer, row: state.height - 1, column: 0, style: state.isEditingFilter ? .bold : .dim)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        let truncated = DisplayFormat.truncated(text, width: width)
        return truncated + String(repeating: " ", count: max(0, width - CellWidth.of(truncated)))
    }

    private static func timestamp(_ nanos: Int64) -> String {
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

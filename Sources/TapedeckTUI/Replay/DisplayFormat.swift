/// Number and duration formatting for the replayer, without locale-dependent formatters.
public enum DisplayFormat {
    /// "0.84s", "12.30s", "2m05.1s".
    public static func seconds(_ nanos: Int64) -> String {
        let nanos = max(0, nanos)
        if nanos >= 60_000_000_000 {
            let tenths = Int(nanos / 100_000_000)
            let minutes = tenths / 600
            let rest = tenths % 600
            let secondsPart = rest / 10
            return "\(minutes)m" + (secondsPart < 10 ? "0" : "") + "\(secondsPart).\(rest % 10)s"
        }
        let hundredths = Int((Double(nanos) / 1e7).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)s"
    }

    /// "100,002": a count with its thousands grouped, as the loading status shows it.
    public static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// The text cut to `width` cells with "…" when it does not fit.
    public static func truncated(_ text: String, width: Int) -> String {
        guard width > 0 else { return "" }
        if CellWidth.of(text) <= width { return text }
        var result = ""
        var used = 0
        for character in text {
            let cellWidth = CellWidth.of(character)
            if used + cellWidth > width - 1 { break }
            result.append(character)
            used += cellWidth
        }
        return result + "…"
    }
}

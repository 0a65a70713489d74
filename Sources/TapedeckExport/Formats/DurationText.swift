/// Human-readable durations for transcripts and `show`: "850 µs", "412 ms", "3.21 s", "2 m 05 s".
public enum DurationText {
    /// `nanos` in the largest unit that keeps it readable; "-" for nil.
    public static func format(_ nanos: Int64?) -> String {
        guard let nanos else { return "-" }
        let magnitude = nanos.magnitude
        let sign = nanos < 0 ? "-" : ""
        switch magnitude {
        case ..<1_000: return "\(sign)\(magnitude) ns"
        case ..<1_000_000: return "\(sign)\(magnitude / 1_000) µs"
        case ..<10_000_000_000: return sign + decimal(Double(magnitude) / 1e6, unit: "ms", below: 1_000, or: "s")
        case ..<120_000_000_000: return sign + fixed(Double(magnitude) / 1e9, digits: 1) + " s"
        default:
            let seconds = magnitude / 1_000_000_000
            let rest = seconds % 60
            return "\(sign)\(seconds / 60) m \(rest < 10 ? "0" : "")\(rest) s"
        }
    }

    /// Milliseconds below `below` as "412 ms", otherwise seconds with two decimals.
    private static func decimal(_ milliseconds: Double, unit: String, below: Double, or larger: String) -> String {
        if milliseconds < below { return "\(Int(milliseconds.rounded())) \(unit)" }
        return fixed(milliseconds / 1_000, digits: 2) + " \(larger)"
    }

    /// `value` with exactly `digits` decimals, without Foundation's locale-dependent formatting.
    public static func fixed(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((value * scale).rounded())
        let whole = scaled / Int64(scale)
        var fraction = String((scaled % Int64(scale)).magnitude)
        while fraction.count < digits { fraction = "0" + fraction }
        let sign = scaled < 0 && whole == 0 ? "-" : ""
        return digits == 0 ? "\(whole)" : "\(sign)\(whole).\(fraction)"
    }
}

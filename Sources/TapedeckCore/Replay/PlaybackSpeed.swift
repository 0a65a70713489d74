/// The replay speeds `+` and `-` step through, and the clamp for `--speed`.
public enum PlaybackSpeed {
    /// The slowest speed offered.
    public static let minimum = 0.1
    /// The fastest speed offered.
    public static let maximum = 100.0
    /// The steps `+` and `-` move between.
    public static let steps: [Double] = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100]

    /// The next faster step (or the maximum).
    public static func faster(than speed: Double) -> Double {
        steps.first { $0 > speed + 1e-9 } ?? maximum
    }

    /// The next slower step (or the minimum).
    public static func slower(than speed: Double) -> Double {
        steps.last { $0 < speed - 1e-9 } ?? minimum
    }

    /// A requested speed forced into the supported range (non-finite values become 1×).
    public static func clamped(_ speed: Double) -> Double {
        guard speed.isFinite else { return 1 }
        return min(maximum, max(minimum, speed))
    }

    /// A short label such as "1×", "0.25×" or "100×".
    public static func label(_ speed: Double) -> String {
        if speed == speed.rounded() { return "\(Int(speed))×" }
        var text = String(format2: speed)
        while text.hasSuffix("0") { text.removeLast() }
        return text + "×"
    }
}

extension String {
    /// Two-decimal formatting without Foundation's locale-dependent formatters.
    fileprivate init(format2 value: Double) {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        self = "\(hundredths / 100)." + (fraction < 10 ? "0\(fraction)" : "\(fraction)")
    }
}

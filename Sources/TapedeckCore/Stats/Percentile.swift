/// Nearest-rank percentiles: every figure is a value that was actually observed, so a p99 of
/// "1.2 s" means one real exchange took 1.2 s (no interpolation between samples).
public enum Percentile {
    /// The nearest-rank `p`-th percentile (0 < p ≤ 100) of `values`: sort ascending, take the
    /// value at 1-based rank `ceil(p / 100 × n)`. Nil for an empty input; p ≤ 0 gives the minimum.
    public static func nearestRank<T: Comparable>(_ p: Double, of values: [T]) -> T? {
        nearestRank(p, ofSorted: values.sorted())
    }

    /// `nearestRank(_:of:)` for input that is already sorted ascending (avoids re-sorting).
    public static func nearestRank<T: Comparable>(_ p: Double, ofSorted sorted: [T]) -> T? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        let clamped = min(max(rank, 1), sorted.count)
        return sorted[clamped - 1]
    }
}

/// Range-checked numbers: a number outside its range is an error naming the file, the place and the
/// field, never a trap when it is later converted or added up.
extension ObjectFields {
    /// The integer `key`, nil when absent; an error when it is not in `range`.
    func optionalInt(_ key: String, in range: ClosedRange<Int>) throws(ImportError) -> Int? {
        guard let value = optionalValue(key) else { return nil }
        guard let int = value.intValue, range.contains(int) else {
            throw failure(
                "\"\(key)\" is \(value.serialized()), out of range (expected an integer from \(range.lowerBound) "
                    + "to \(range.upperBound))")
        }
        return int
    }

    /// A duration or offset in nanoseconds, nil when absent; an error when negative or longer than 31 years.
    func optionalNanos(_ key: String) throws(ImportError) -> Int64? {
        try optionalInt(key, in: 0...Int(ImportLimits.maxNanos)).map(Int64.init)
    }

    /// A HAR time in milliseconds, nil when absent; an error when not finite or beyond ±31 years.
    func optionalMilliseconds(_ key: String) throws(ImportError) -> Double? {
        guard let value = try optionalDouble(key) else { return nil }
        guard value.isFinite, abs(value) <= ImportLimits.maxMilliseconds else {
            throw failure(
                "\"\(key)\" is \(optionalValue(key)?.serialized() ?? "\(value)") ms, out of range "
                    + "(at most \(Int(ImportLimits.maxMilliseconds)) ms, about 31 years)")
        }
        return value
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one clock the upstream stamps with and the client reads: CLOCK_MONOTONIC is shared by
/// every process on the machine, so `arrival − send` across processes is a true latency.
enum ProxyClock {
    /// Monotonic nanoseconds since an arbitrary boot-time origin.
    static func nowNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}

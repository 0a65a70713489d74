#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Recording (parsing, assembling, SQLite) must never delay forwarding: threads that record run at a lower
/// scheduling priority than the event loops, so when they compete for a core the forwarding thread wins.
/// On 2 cores, recorder threads at the default priority added ≈ 6 µs to the proxy's median per-event latency
/// (docs/performance.md).
public enum BackgroundThreadPriority {
    /// The nice value recording threads run at on Linux (0 is the default, 19 the lowest).
    public static let linuxNice: Int32 = 10

    /// Lowers the calling thread's priority (Linux: nice is per thread; Darwin: the utility QoS class).
    /// Best effort: a refusal leaves the thread as it was.
    public static func applyToCurrentThread() {
        #if os(Linux)
            // With PRIO_PROCESS and 0, Linux changes the calling thread only (NPTL keeps nice per thread).
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, linuxNice)
        #elseif canImport(Darwin)
            _ = pthread_set_qos_class_self_np(QOS_CLASS_UTILITY, 0)
        #endif
    }
}

/// One `proxy-client` run as a JSON line: what run.sh collects per target, phase and round,
/// and what `proxy-report` aggregates.
struct ProxyClientResult: Codable, Sendable {
    /// Always "client" (run.sh adds other kinds of lines to the same file).
    var kind = "client"
    /// Which path was measured: direct, nginx or tapedeck.
    var target: String
    /// Interleaved round number, from 1.
    var round: Int
    /// The phase: latency, flood, concurrency, or the label given with `--phase` (e.g. cadence-15ms-50).
    var mode: String
    /// Streams run, and how many were in flight at most by configuration.
    var streams: Int
    var concurrency: Int
    /// Events per stream and their pacing (0 = flood).
    var eventsPerStream: Int
    var intervalMicroseconds: Int
    /// Streams that arrived complete and byte-exact.
    var streamsComplete: Int
    /// Events that should have arrived, and that arrived byte-exact.
    var eventsExpected: Int
    var eventsVerified: Int
    /// Body bytes expected and received.
    var bytesExpected: Int
    var bytesReceived: Int
    /// Up to five distinct failure reasons with their counts.
    var failures: [String]
    /// Wall time from the first connect to the last stream's end.
    var wallSeconds: Double
    /// eventsVerified / wallSeconds.
    var eventsPerSecond: Double
    /// Most streams open at the same moment (measured, not configured).
    var peakOpenStreams: Int
    /// Per-event latency in microseconds, when collected.
    var latency: ProxyLatencySummary?
    /// The proxy's CPU and memory over the phase, when a pid was given.
    var cpu: ProxyCPUSummary?
}

/// Percentiles of `arrival − send` per text delta, in microseconds.
struct ProxyLatencySummary: Codable, Sendable {
    var count: Int
    var p50: Double
    var p90: Double
    var p99: Double
    var max: Double

    /// Summarises nanosecond samples (sorted here).
    init?(nanoseconds: [Int64]) {
        guard !nanoseconds.isEmpty else { return nil }
        let sorted = nanoseconds.sorted()
        func percentile(_ fraction: Double) -> Double {
            let index = Int((Double(sorted.count - 1) * fraction).rounded())
            return Double(sorted[index]) / 1000
        }
        count = sorted.count
        p50 = percentile(0.50)
        p90 = percentile(0.90)
        p99 = percentile(0.99)
        max = Double(sorted[sorted.count - 1]) / 1000
    }
}

/// The proxy process tree's cost over one measured phase.
struct ProxyCPUSummary: Codable, Sendable {
    /// Processes in the tree (nginx: master + workers).
    var processes: Int
    /// user + system seconds from /proc/PID/stat (10 ms resolution).
    var statSeconds: Double
    /// On-CPU seconds from per-thread schedstat (ns resolution; live threads only).
    var schedSeconds: Double
    /// CPU microseconds per verified event, from each source.
    var perEventMicrosecondsStat: Double
    var perEventMicrosecondsSched: Double
    /// schedstat CPU microseconds per verified event, per thread class (`ProxyThreadClass`).
    var perEventMicrosecondsByClass: [String: Double]?
    /// schedstat run-queue wait microseconds per verified event, per thread class: time a thread had work but no
    /// CPU, which is latency for an event loop.
    var waitMicrosecondsPerEventByClass: [String: Double]?
    /// Sum of VmHWM over the tree after the phase, in kB.
    var peakRSSKilobytes: Int
    /// True when VmHWM was reset before the phase (so the peak is this phase's); false means
    /// the peak is since the proxy started.
    var peakRSSIsPhasePeak: Bool
}

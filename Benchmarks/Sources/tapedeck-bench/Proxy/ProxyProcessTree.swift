import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// CPU time and peak memory of a process and all its descendants, read from Linux /proc, so a
/// proxy's cost (nginx's master and workers, or tapedeck's threads) is measured as a whole.
struct ProxyProcessTree: Sendable {
    /// The root process id (the proxy's pid or nginx's master).
    let rootPID: Int32

    /// One reading of the tree's counters.
    struct Sample: Sendable {
        /// user + system seconds from /proc/PID/stat, summed over the tree (10 ms ticks).
        var statSeconds: Double
        /// On-CPU nanoseconds from /proc/PID/task/TID/schedstat, summed over live threads.
        var schedNanoseconds: UInt64
        /// On-CPU nanoseconds per thread class (`ProxyThreadClass`), summed over live threads.
        var schedNanosecondsByClass: [String: UInt64] = [:]
        /// Nanoseconds runnable but waiting for a CPU, per thread class: how long a thread that had work was kept
        /// off the cores (by the proxy's own other threads, or anything else on the machine).
        var waitNanosecondsByClass: [String: UInt64] = [:]
        /// VmHWM (peak resident set) in kB, summed over the tree's processes.
        var peakRSSKilobytes: Int
        /// How many processes the tree had.
        var processCount: Int
    }

    /// The root and its descendants, found by walking every /proc/N/stat parent id.
    func processIDs() -> [Int32] {
        var children: [Int32: [Int32]] = [:]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry), let fields = Self.statFields(pid: pid), fields.count > 1,
                let parent = Int32(fields[1])
            else { continue }
            children[parent, default: []].append(pid)
        }
        var result: [Int32] = []
        var queue = [rootPID]
        while let pid = queue.popLast() {
            result.append(pid)
            queue.append(contentsOf: children[pid] ?? [])
        }
        return result
    }

    /// Reads the counters now; nil when the root process is gone.
    func sample() -> Sample? {
        guard Self.statFields(pid: rootPID) != nil else { return nil }
        let ticksPerSecond = Double(max(sysconf(Int32(_SC_CLK_TCK)), 1))
        var sample = Sample(statSeconds: 0, schedNanoseconds: 0, peakRSSKilobytes: 0, processCount: 0)
        for pid in processIDs() {
            guard let fields = Self.statFields(pid: pid), fields.count > 13 else { continue }
            // After "(comm)", field 3 (state) is index 0, so utime (14) is 11 and stime (15) is 12.
            let ticks = (Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)
            sample.statSeconds += ticks / ticksPerSecond
            for (threadClass, times) in Self.schedTimesByClass(pid: pid) {
                sample.schedNanoseconds += times.onCPU
                sample.schedNanosecondsByClass[threadClass, default: 0] += times.onCPU
                sample.waitNanosecondsByClass[threadClass, default: 0] += times.waiting
            }
            sample.peakRSSKilobytes += Self.peakRSSKilobytes(pid: pid)
            sample.processCount += 1
        }
        return sample
    }

    /// Resets every process's VmHWM to its current RSS (`5` into /proc/PID/clear_refs, root or
    /// owner only), so the next sample's peak covers one phase; false if any reset failed.
    func resetPeakRSS() -> Bool {
        var allReset = true
        for pid in processIDs() {
            do {
                try "5".write(toFile: "/proc/\(pid)/clear_refs", atomically: false, encoding: .utf8)
            } catch {
                allReset = false
            }
        }
        return allReset
    }

    /// The fields of /proc/PID/stat after the parenthesised command name (which may hold spaces).
    private static func statFields(pid: Int32) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }

    /// On-CPU and run-queue nanoseconds of each live thread of `pid` (the first two fields of its schedstat),
    /// summed per thread class.
    private static func schedTimesByClass(pid: Int32) -> [String: (onCPU: UInt64, waiting: UInt64)] {
        let taskDirectory = "/proc/\(pid)/task"
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: taskDirectory)) ?? []
        let commandLine = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
        var totals: [String: (onCPU: UInt64, waiting: UInt64)] = [:]
        for task in tasks {
            guard let text = try? String(contentsOfFile: "\(taskDirectory)/\(task)/schedstat", encoding: .utf8)
            else { continue }
            let fields = text.split(separator: " ")
            guard let first = fields.first, let onCPU = UInt64(first) else { continue }
            let waiting = fields.count > 1 ? UInt64(fields[1]) ?? 0 : 0
            let name = (try? String(contentsOfFile: "\(taskDirectory)/\(task)/comm", encoding: .utf8)) ?? ""
            let threadClass = ProxyThreadClass.of(
                threadName: name.trimmingCharacters(in: .whitespacesAndNewlines), commandLine: commandLine)
            let total = totals[threadClass.rawValue] ?? (0, 0)
            totals[threadClass.rawValue] = (total.onCPU + onCPU, total.waiting + waiting)
        }
        return totals
    }

    private static func peakRSSKilobytes(pid: Int32) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.dropFirst("VmHWM:".count).filter(\.isNumber)
            return Int(digits) ?? 0
        }
        return 0
    }
}

import Foundation

/// The benchmark's verdict: medians per target, per-round ratios against nginx, and the
/// targets from issue 4 checked one by one. Pure, so it can be rebuilt from saved results.
struct ProxyReport: Sendable {
    /// Every client run.
    let clients: [ProxyClientResult]
    /// Every recorded-events check.
    let recorded: [ProxyRecordedCheck]

    private static let targets = ["direct", "nginx", "tapedeck"]

    /// The token-cadence phases run.sh runs, with the CPU-per-event target of each (ratio to nginx).
    static let cadencePhases: [(name: String, cpuTarget: Double)] = [
        ("cadence-2ms-1", 2.5), ("cadence-2ms-50", 2.5), ("cadence-15ms-1", 3), ("cadence-15ms-50", 3),
    ]

    /// The table and verdicts as Markdown.
    func markdown() -> String {
        let rounds = Set(clients.map(\.round)).sorted()
        var lines = [
            "rounds: \(rounds.count); figures are medians over rounds; ratios are tapedeck/nginx per round, then the median.",
            "",
            "| metric | direct | nginx | tapedeck | tapedeck/nginx | target | result |",
            "|---|---|---|---|---|---|---|",
        ]
        func row(
            _ metric: String, _ values: [String: Double?], ratio: Double?, digits: Int, target: String, pass: Bool?
        ) {
            let cells = Self.targets.map { name in (values[name] ?? nil).map { Self.format($0, digits) } ?? "–" }
            let verdict = pass.map { $0 ? "PASS" : "FAIL" } ?? ""
            lines.append(
                "| \(metric) | \(cells.joined(separator: " | ")) | \(ratio.map { Self.format($0, 2) + "×" } ?? "–") | \(target) | \(verdict) |"
            )
        }

        // Latency: absolute p50/p99, then added = target − direct in the same round.
        let p50 = perTarget(mode: "latency") { $0.latency?.p50 }
        let p99 = perTarget(mode: "latency") { $0.latency?.p99 }
        row("latency p50 (µs)", p50.mapValues(Self.median), ratio: nil, digits: 0, target: "", pass: nil)
        row("latency p99 (µs)", p99.mapValues(Self.median), ratio: nil, digits: 0, target: "", pass: nil)
        let addedP50 = added(p50)
        let addedP50Ratio = ratio(addedP50)
        row(
            "added latency p50 (µs)", addedP50.mapValues(Self.median), ratio: addedP50Ratio, digits: 0,
            target: "≤ 1.5× nginx", pass: addedP50Ratio.map { $0 <= 1.5 }
        )
        let addedP99 = added(p99)
        row(
            "added latency p99 (µs)", addedP99.mapValues(Self.median), ratio: ratio(addedP99), digits: 0, target: "",
            pass: nil)

        // CPU per forwarded event in the paced phase (the realistic load) and under flood.
        let cpuStat = perTarget(mode: "latency") { $0.cpu?.perEventMicrosecondsStat }
        let cpuStatRatio = ratio(cpuStat)
        row(
            "CPU µs/event, paced (/proc stat)", cpuStat.mapValues(Self.median), ratio: cpuStatRatio, digits: 1,
            target: "≤ 3× nginx", pass: cpuStatRatio.map { $0 <= 3 }
        )
        let cpuSched = perTarget(mode: "latency") { $0.cpu?.perEventMicrosecondsSched }
        row(
            "CPU µs/event, paced (schedstat)", cpuSched.mapValues(Self.median), ratio: ratio(cpuSched), digits: 1,
            target: "", pass: nil)
        let floodCPU = perTarget(mode: "flood") { $0.cpu?.perEventMicrosecondsStat }
        row(
            "CPU µs/event, flood (/proc stat)", floodCPU.mapValues(Self.median), ratio: ratio(floodCPU), digits: 2,
            target: "", pass: nil)

        // Flood throughput.
        let flood = perTarget(mode: "flood") { $0.eventsPerSecond }
        let floodRatio = ratio(flood)
        row(
            "flood events/s", flood.mapValues(Self.median), ratio: floodRatio, digits: 0,
            target: "≥ 0.8× nginx", pass: floodRatio.map { $0 >= 0.8 }
        )

        // Concurrency: every stream complete and byte-exact in every round; peak RSS.
        let concurrency = clients.filter { $0.mode == "concurrency" }
        var lossCells: [String: Double?] = [:]
        var peakOpen: [String: Double?] = [:]
        var rss: [String: Double?] = [:]
        for name in Self.targets {
            let runs = concurrency.filter { $0.target == name }
            guard !runs.isEmpty else { continue }
            lossCells[name] = Double(runs.reduce(0) { $0 + ($1.eventsExpected - $1.eventsVerified) })
            peakOpen[name] = Double(runs.map(\.peakOpenStreams).min() ?? 0)
            rss[name] = runs.compactMap { $0.cpu.map { Double($0.peakRSSKilobytes) / 1024 } }.max()
        }
        let tapedeckRuns = concurrency.filter { $0.target == "tapedeck" }
        let zeroLoss: Bool? =
            tapedeckRuns.isEmpty
            ? nil
            : tapedeckRuns.allSatisfy {
                $0.streamsComplete == $0.streams && $0.eventsVerified == $0.eventsExpected
                    && $0.bytesReceived == $0.bytesExpected
            }
        let shape = concurrency.first.map { "\($0.streams)×\($0.eventsPerStream)" } ?? "1000×200"
        row(
            "\(shape) streams: events lost (all rounds)", lossCells, ratio: nil, digits: 0, target: "0, byte-exact",
            pass: zeroLoss)
        row("\(shape) streams: min peak open", peakOpen, ratio: nil, digits: 0, target: "", pass: nil)
        let rssPass = (rss["tapedeck"] ?? nil).map { $0 < 300 }
        let phasePeak = concurrency.allSatisfy { $0.cpu?.peakRSSIsPhasePeak ?? true }
        row(
            "\(shape) streams: peak RSS, max over rounds (MB, VmHWM\(phasePeak ? " in the phase" : " since start"))",
            rss, ratio: nil,
            digits: 1, target: "tapedeck < 300", pass: rssPass
        )
        let firstRound = rounds.first ?? 1
        let cleanRSS = perTarget(mode: "concurrency") { run in
            run.round == firstRound ? run.cpu.map { Double($0.peakRSSKilobytes) / 1024 } : nil
        }
        row(
            "\(shape) streams: peak RSS, round \(firstRound) only (MB)", cleanRSS.mapValues { $0.values.max() },
            ratio: nil, digits: 1, target: "", pass: nil
        )
        let floodRSS = perTarget(mode: "flood") { $0.cpu.map { Double($0.peakRSSKilobytes) / 1024 } }
        row(
            "flood: peak RSS (MB, max over rounds)", floodRSS.mapValues { $0.values.max() }, ratio: nil, digits: 1,
            target: "", pass: nil)

        // Token cadence (issue 13): an event every 2 ms and every 15 ms, 1 and 50 streams at once.
        for phase in Self.cadencePhases where clients.contains(where: { $0.mode == phase.name }) {
            let cpu = perTarget(mode: phase.name) { $0.cpu?.perEventMicrosecondsSched }
            let cpuRatio = ratio(cpu)
            row(
                "CPU µs/event, \(phase.name) (schedstat)", cpu.mapValues(Self.median), ratio: cpuRatio, digits: 1,
                target: "≤ \(Self.format(phase.cpuTarget, 1))× nginx", pass: cpuRatio.map { $0 <= phase.cpuTarget })
            let p50 = perTarget(mode: phase.name) { $0.latency?.p50 }
            let addedP50 = added(p50)
            let addedRatio = ratio(addedP50)
            row(
                "added latency p50, \(phase.name) (µs)", addedP50.mapValues(Self.median), ratio: addedRatio,
                digits: 0, target: "≤ 1.3× nginx", pass: addedRatio.map { $0 <= 1.3 })
            var lost: [String: Double?] = [:]
            for name in Self.targets {
                let runs = clients.filter { $0.mode == phase.name && $0.target == name }
                if !runs.isEmpty { lost[name] = Double(runs.reduce(0) { $0 + $1.eventsExpected - $1.eventsVerified }) }
            }
            row(
                "events lost, \(phase.name)", lost, ratio: nil, digits: 0, target: "0",
                pass: (lost["tapedeck"] ?? nil).map { $0 == 0 })
        }
        let cadenceRuns = clients.filter { run in Self.cadencePhases.contains { $0.name == run.mode } }
        if !cadenceRuns.isEmpty {
            lines.append("")
            lines.append(
                "CPU µs per event by thread class (schedstat, median over rounds), and how long the event loops "
                    + "waited for a CPU while they had work (run-queue wait µs per event: latency, not CPU):")
            lines.append("")
            let classes = ProxyThreadClass.allCases.map(\.rawValue)
            lines.append("| phase | target | " + classes.joined(separator: " | ") + " | event loop run-queue wait |")
            lines.append("|---|---|" + classes.map { _ in "---|" }.joined() + "---|")
            for phase in Self.cadencePhases {
                for name in ["nginx", "tapedeck"] {
                    let runs = cadenceRuns.filter { $0.mode == phase.name && $0.target == name }
                    guard !runs.isEmpty else { continue }
                    let cells = classes.map { threadClass in
                        Self.median(runs.compactMap { $0.cpu?.perEventMicrosecondsByClass?[threadClass] })
                            .map { Self.format($0, 1) } ?? "–"
                    }
                    let loopWait =
                        Self.median(runs.compactMap { $0.cpu?.waitMicrosecondsPerEventByClass?["event loop"] })
                        .map { Self.format($0, 1) } ?? "–"
                    lines.append(
                        "| \(phase.name) | \(name) | " + cells.joined(separator: " | ") + " | \(loopWait) |")
                }
            }
        }

        if let last = recorded.max(by: { $0.round < $1.round }) {
            let allMatch = recorded.allSatisfy { $0.rows == $0.expected }
            lines.append("")
            lines.append(
                "recorded events (SQLite `events` rows) after round \(last.round): \(last.rows) of \(last.expected) "
                    + "verified through tapedeck — \(allMatch ? "PASS" : "FAIL") (every round: \(recorded.map { "\($0.rows)/\($0.expected)" }.joined(separator: ", ")))"
            )
        }
        let failures = clients.filter { !$0.failures.isEmpty }
        if !failures.isEmpty {
            lines.append("")
            lines.append("failures:")
            for run in failures {
                lines.append("- round \(run.round) \(run.target) \(run.mode): \(run.failures.joined(separator: "; "))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Per target: the values of `metric` per round for runs of `mode`.
    private func perTarget(mode: String, _ metric: (ProxyClientResult) -> Double?) -> [String: [Int: Double]] {
        var result: [String: [Int: Double]] = [:]
        for run in clients where run.mode == mode {
            if let value = metric(run) { result[run.target, default: [:]][run.round] = value }
        }
        return result
    }

    /// Per round, each proxy's value minus the direct path's value in the same round.
    private func added(_ values: [String: [Int: Double]]) -> [String: [Int: Double]] {
        guard let direct = values["direct"] else { return [:] }
        var result: [String: [Int: Double]] = [:]
        for name in ["nginx", "tapedeck"] {
            for (round, value) in values[name] ?? [:] {
                if let base = direct[round] { result[name, default: [:]][round] = value - base }
            }
        }
        return result
    }

    /// Median over rounds of tapedeck/nginx taken within each round.
    private func ratio(_ values: [String: [Int: Double]]) -> Double? {
        guard let nginx = values["nginx"], let tapedeck = values["tapedeck"] else { return nil }
        var ratios: [Double] = []
        for (round, value) in tapedeck {
            if let base = nginx[round], base > 0 { ratios.append(value / base) }
        }
        return Self.median(ratios)
    }

    private static func median(_ byRound: [Int: Double]) -> Double? {
        median(Array(byRound.values))
    }

    private static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    private static func format(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}

import ArgumentParser
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// `tapedeck-bench proxy-client`: the load client of the proxy benchmark. It runs streams
/// against a target (the upstream directly, nginx, or `tapedeck record`), verifies every byte,
/// measures per-event latency, and prints one JSON line of figures.
struct ProxyClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy-client",
        abstract: "Drive SSE streams through a proxy and print latency, throughput and loss as JSON.",
        discussion: """
            Modes set defaults that the options override:
              latency      40 streams, 4 at a time, 200 events, 2000 µs apart
              flood        4 streams, 4 at a time, 50000 events, no pacing
              concurrency  1000 streams, all at once, 200 events, 25000 µs apart
            Example: tapedeck-bench proxy-client --target http://127.0.0.1:8081 --mode latency \
            --name nginx --round 1 --cpu-pid 4242
            """
    )

    /// The three measured phases.
    enum Mode: String, ExpressibleByArgument, CaseIterable, Sendable {
        case latency, flood, concurrency
    }

    @Option(help: "Base URL of the proxy or upstream, e.g. http://127.0.0.1:8081.")
    var target: String

    @Option(help: "latency, flood or concurrency.")
    var mode: Mode = .latency

    @Option(help: "Label for the target in the JSON, e.g. nginx.")
    var name = "target"

    @Option(help: "Label for the phase in the JSON instead of the mode, e.g. cadence-15ms-50.")
    var phase: String?

    @Option(help: "Round number recorded in the JSON, e.g. 1.")
    var round = 1

    @Option(help: "Streams to run in total (mode default if omitted).")
    var streams: Int?

    @Option(help: "Streams in flight at once (mode default if omitted).")
    var concurrency: Int?

    @Option(help: "SSE events per stream, framing included, at least 7 (mode default if omitted).")
    var events: Int?

    @Option(name: .customLong("interval-us"), help: "Microseconds between events; 0 floods.")
    var intervalMicroseconds: Int?

    @Option(help: "Pid of the proxy (or nginx master) whose process tree CPU and RSS to measure.")
    var cpuPid: Int32?

    @Option(help: "Milliseconds to wait after the last stream before the final CPU sample.")
    var settleMs = 200

    @Option(help: "Seconds after which an unfinished stream counts as failed.")
    var streamTimeout = 120

    @Option(help: "Client event-loop threads.")
    var threads = 1

    func validate() throws {
        guard ProxyTargetAddress(url: target) != nil else {
            throw ValidationError("--target must look like http://127.0.0.1:PORT (loopback, plain HTTP).")
        }
        if let events, events < ProxyStreamScript.minimumEvents {
            throw ValidationError("--events must be at least \(ProxyStreamScript.minimumEvents).")
        }
        if let streams, streams < 1 { throw ValidationError("--streams must be at least 1.") }
        if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1.") }
        if let intervalMicroseconds, intervalMicroseconds < 0 {
            throw ValidationError("--interval-us must be 0 or more.")
        }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1.") }
    }

    func run() async throws {
        guard let address = ProxyTargetAddress(url: target) else { throw ExitCode.validationFailure }
        let defaults = Self.defaults(for: mode)
        let streamCount = streams ?? defaults.streams
        let inFlight = min(concurrency ?? defaults.concurrency, streamCount)
        let request = ProxyStreamRequest(
            events: events ?? defaults.events,
            intervalMicroseconds: intervalMicroseconds ?? defaults.interval
        )
        let script = ProxyStreamScript(eventCount: request.events)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let tree = cpuPid.map { ProxyProcessTree(rootPID: $0) }
        let peakReset = tree?.resetPeakRSS() ?? false
        let before = tree?.sample()
        let started = ProxyClock.nowNanoseconds()
        let outcomes = await withTaskGroup(of: [ProxyStreamOutcome].self) { tasks in
            for worker in 0..<inFlight {
                tasks.addTask {
                    var results: [ProxyStreamOutcome] = []
                    var index = worker
                    while index < streamCount {
                        results.append(
                            await Self.runStream(
                                group: group, address: address, request: request, script: script,
                                collectLatency: mode != .flood, timeout: .seconds(Int64(streamTimeout))
                            )
                        )
                        index += inFlight
                    }
                    return results
                }
            }
            var all: [ProxyStreamOutcome] = []
            for await results in tasks { all.append(contentsOf: results) }
            return all
        }
        let ended = outcomes.map(\.endedAt).max() ?? ProxyClock.nowNanoseconds()
        var cpu: ProxyCPUSummary?
        if let tree, let before {
            try await Task.sleep(for: .milliseconds(settleMs))
            if let after = tree.sample() {
                let verified = max(outcomes.reduce(0) { $0 + $1.eventsVerified }, 1)
                let statSeconds = after.statSeconds - before.statSeconds
                let schedSeconds = Double(after.schedNanoseconds &- before.schedNanoseconds) / 1e9
                var byClass: [String: Double] = [:]
                for (threadClass, nanoseconds) in after.schedNanosecondsByClass {
                    let earlier = before.schedNanosecondsByClass[threadClass] ?? 0
                    // A thread that exited between the samples can make a class go backwards: count it as 0.
                    let spent = nanoseconds >= earlier ? nanoseconds - earlier : 0
                    byClass[threadClass] = Double(spent) / 1e3 / Double(verified)
                }
                var waitByClass: [String: Double] = [:]
                for (threadClass, nanoseconds) in after.waitNanosecondsByClass {
                    let earlier = before.waitNanosecondsByClass[threadClass] ?? 0
                    let waited = nanoseconds >= earlier ? nanoseconds - earlier : 0
                    waitByClass[threadClass] = Double(waited) / 1e3 / Double(verified)
                }
                cpu = ProxyCPUSummary(
                    processes: after.processCount, statSeconds: statSeconds, schedSeconds: schedSeconds,
                    perEventMicrosecondsStat: statSeconds * 1e6 / Double(verified),
                    perEventMicrosecondsSched: schedSeconds * 1e6 / Double(verified),
                    perEventMicrosecondsByClass: byClass, waitMicrosecondsPerEventByClass: waitByClass,
                    peakRSSKilobytes: after.peakRSSKilobytes, peakRSSIsPhasePeak: peakReset
                )
            }
        }
        try await group.shutdownGracefully()
        let result = Self.summarise(
            outcomes: outcomes, name: name, round: round, phase: phase ?? mode.rawValue, concurrency: inFlight,
            request: request,
            script: script, wallNanoseconds: ended > started ? ended - started : 1, cpu: cpu
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }

    private static func defaults(for mode: Mode) -> (streams: Int, concurrency: Int, events: Int, interval: Int) {
        switch mode {
        case .latency: return (40, 4, 200, 2000)
        case .flood: return (4, 4, 50_000, 0)
        case .concurrency: return (1000, 1000, 200, 25_000)
        }
    }

    private static func runStream(
        group: MultiThreadedEventLoopGroup, address: ProxyTargetAddress, request: ProxyStreamRequest,
        script: ProxyStreamScript, collectLatency: Bool, timeout: TimeAmount
    ) async -> ProxyStreamOutcome {
        let loop = group.next()
        let sink = ProxyOutcomeSink(eventLoop: loop)
        let bootstrap = ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(60))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(
                        ProxyClientHandler(
                            request: request, script: script, hostHeader: address.hostHeader,
                            collectLatency: collectLatency, timeout: timeout, sink: sink
                        )
                    )
                }
            }
        do {
            _ = try await bootstrap.connect(host: address.host, port: address.port).get()
        } catch {
            var outcome = ProxyStreamOutcome()
            outcome.failure = "connect failed: \(error)"
            outcome.endedAt = ProxyClock.nowNanoseconds()
            sink.completeSoon(outcome)
        }
        do {
            return try await sink.futureResult.get()
        } catch {
            var outcome = ProxyStreamOutcome()
            outcome.failure = "\(error)"
            return outcome
        }
    }

    private static func summarise(
        outcomes: [ProxyStreamOutcome], name: String, round: Int, phase: String, concurrency: Int,
        request: ProxyStreamRequest, script: ProxyStreamScript, wallNanoseconds: UInt64, cpu: ProxyCPUSummary?
    ) -> ProxyClientResult {
        var failureCounts: [String: Int] = [:]
        for outcome in outcomes {
            if let failure = outcome.failure { failureCounts[failure, default: 0] += 1 }
        }
        let failures = failureCounts.sorted { $0.value > $1.value }.prefix(5).map { "\($0.value)× \($0.key)" }
        let verified = outcomes.reduce(0) { $0 + $1.eventsVerified }
        let wallSeconds = Double(wallNanoseconds) / 1e9
        return ProxyClientResult(
            target: name, round: round, mode: phase, streams: outcomes.count, concurrency: concurrency,
            eventsPerStream: script.eventCount, intervalMicroseconds: request.intervalMicroseconds,
            streamsComplete: outcomes.filter(\.complete).count,
            eventsExpected: outcomes.count * script.eventCount, eventsVerified: verified,
            bytesExpected: outcomes.count * script.bodyLength, bytesReceived: outcomes.reduce(0) { $0 + $1.bytes },
            failures: failures, wallSeconds: wallSeconds, eventsPerSecond: Double(verified) / wallSeconds,
            peakOpenStreams: peakOpen(outcomes),
            latency: ProxyLatencySummary(nanoseconds: outcomes.flatMap(\.latencies)), cpu: cpu
        )
    }

    /// Most streams whose [connectedAt, endedAt] intervals overlap at one instant.
    private static func peakOpen(_ outcomes: [ProxyStreamOutcome]) -> Int {
        var edges: [(time: UInt64, delta: Int)] = []
        for outcome in outcomes where outcome.connectedAt > 0 {
            edges.append((outcome.connectedAt, 1))
            edges.append((max(outcome.endedAt, outcome.connectedAt), -1))
        }
        edges.sort { $0.time != $1.time ? $0.time < $1.time : $0.delta < $1.delta }
        var open = 0
        var peak = 0
        for edge in edges {
            open += edge.delta
            peak = max(peak, open)
        }
        return peak
    }
}

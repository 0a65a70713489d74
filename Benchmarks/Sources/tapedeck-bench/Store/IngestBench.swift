import ArgumentParser
import Foundation
import TapedeckCore
import TapedeckStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `tapedeck-bench ingest`: events per second the store takes, through the live `ExchangeRecorder` path and the
/// all-at-once `insert` (import) path, into a fresh file, so the recorder's headroom is a measured figure.
struct IngestBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Measure store ingest (events/s) through ExchangeRecorder and insert into a temporary file.",
        discussion: """
            Several producer tasks each stream exchanges into one ExchangeRecorder the way the proxy does \
            (begin, appends of a few events, update, finish); the time runs until close() has committed \
            everything. Then the same exchanges are imported with insert() into a second file. Events are \
            realistic content_block_delta events (about 200 bytes of data plus their raw bytes).
            Example: swift run -c release tapedeck-bench ingest --exchanges 400 --events 2500 --producers 4
            """
    )

    @Option(help: "Exchanges to record, e.g. 400.")
    var exchanges = 400

    @Option(help: "Events per exchange, e.g. 2500.")
    var events = 2500

    @Option(help: "Events per append call (the proxy appends what one network read carried), e.g. 4.")
    var eventsPerAppend = 4

    @Option(help: "Concurrent producer tasks, e.g. 4.")
    var producers = 4

    @Option(help: "Directory for the temporary database files (default: the system temp directory).")
    var directory: String?

    func validate() throws {
        guard exchanges > 0, events > 0, eventsPerAppend > 0, producers > 0 else {
            throw ValidationError("--exchanges, --events, --events-per-append and --producers must be positive.")
        }
    }

    func run() async throws {
        let base = URL(fileURLWithPath: directory ?? NSTemporaryDirectory())
            .appendingPathComponent("tapedeck-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let template = Self.makeEvents(count: events)
        let averageBytes = template.reduce(0) { $0 + $1.data.utf8.count + $1.raw.count } / template.count
        let total = exchanges * events
        print("\(exchanges) exchanges × \(events) events = \(total) events, \(averageBytes) bytes/event (data + raw)")

        // Recorder path.
        let recorderPath = base.appendingPathComponent("recorder.sqlite").path
        let store = try TapedeckStore(path: recorderPath)
        let recorder = store.makeRecorder()
        let start = ContinuousClock.now
        let startCPU = Self.cpuSeconds()
        await withTaskGroup(of: Void.self) { group in
            for producer in 0..<producers {
                group.addTask {
                    for index in stride(from: producer, to: exchanges, by: producers) {
                        Self.stream(exchange: index, events: template, chunk: eventsPerAppend, into: recorder)
                    }
                }
            }
        }
        let enqueued = ContinuousClock.now - start
        await recorder.close()
        let recorded = ContinuousClock.now - start
        let recordedCPU = Self.cpuSeconds() - startCPU
        let stats = recorder.statistics
        let stored = try store.totalEventCount()
        guard stored == total, stats.droppedEvents == 0, stats.writeErrors == 0 else {
            throw ValidationError(
                "recorder lost data: \(stored) of \(total) stored, \(stats.droppedEvents) dropped, "
                    + "\(stats.writeErrors) errors (\(stats.lastError ?? "no message"))")
        }
        try store.close()
        let fileBytes = Self.size(recorderPath) + Self.size(recorderPath + "-wal")
        print(
            "recorder: \(Self.rate(total, recorded)) events/s, \(Int(Double(total) / recordedCPU)) events per CPU-second "
                + "(enqueue \(Self.millis(enqueued)) ms, committed after \(Self.millis(recorded)) ms, "
                + "\(stats.batches) transactions, \(fileBytes / total) bytes/event on disk)")

        // Import path: one transaction per exchange.
        let importPath = base.appendingPathComponent("insert.sqlite").path
        let importStore = try TapedeckStore(path: importPath)
        let importStart = ContinuousClock.now
        let importCPU = Self.cpuSeconds()
        for index in 0..<exchanges {
            try importStore.insert(
                RecordedExchange(summary: Self.summary(index, eventCount: events), events: template))
        }
        let imported = ContinuousClock.now - importStart
        let importedCPU = Self.cpuSeconds() - importCPU
        print(
            "insert:   \(Self.rate(total, imported)) events/s, \(Int(Double(total) / importedCPU)) events per CPU-second "
                + "(\(Self.millis(imported)) ms, one transaction per exchange)")

        // Reading back, as replay and export do.
        let readStart = ContinuousClock.now
        var readEvents = 0
        for summary in try importStore.exchanges(ExchangeFilter(limit: 50)) {
            readEvents += try importStore.loadExchange(id: summary.id).events.count
        }
        let read = ContinuousClock.now - readStart
        print("load:     \(Self.rate(readEvents, read)) events/s (loadExchange of 50 exchanges)")
    }

    /// One exchange the way the proxy records it.
    static func stream(exchange index: Int, events: [RecordedEvent], chunk: Int, into recorder: ExchangeRecorder) {
        var summary = summary(index, eventCount: 0)
        summary.outcome = .inProgress
        recorder.begin(summary)
        var position = 0
        while position < events.count {
            let end = min(position + chunk, events.count)
            recorder.append(exchangeID: summary.id, events: Array(events[position..<end]))
            if position == 0 {
                summary.model = "claude-sonnet-4-5"
                summary.ttftNanos = 400_000_000
                recorder.update(summary)
            }
            position = end
        }
        summary.outcome = .complete
        summary.stopReason = "end_turn"
        summary.eventCount = events.count
        summary.durationNanos = 9_000_000_000
        recorder.finish(summary, trailing: [], trailingOffsetNanos: nil)
    }

    static func summary(_ index: Int, eventCount: Int) -> ExchangeSummary {
        ExchangeSummary(
            id: String(format: "%010x", index + 1),
            startedAtNanos: 1_764_000_000_000_000_000 + Int64(index) * 1_000_000,
            method: "POST", path: "/v1/messages",
            requestHeaders: [HeaderField(name: "content-type", value: "application/json")],
            requestBody: Array(#"{"model":"claude-sonnet-4-5","max_tokens":4096,"stream":true,"n":\#(index)}"#.utf8),
            status: 200, isStreaming: true, model: "claude-sonnet-4-5", outcome: .complete, eventCount: eventCount)
    }

    /// Text deltas of varying length, as `event:`/`data:` frames with their raw bytes.
    static func makeEvents(count: Int) -> [RecordedEvent] {
        let words = ["the", "stream", "of", "tokens", "arrives", "in", "small", "pieces", "über", "naïve", "→", "ok"]
        return (0..<count).map { sequence in
            let text = (0..<(6 + sequence % 20)).map { words[($0 &* 7 &+ sequence) % words.count] }.joined(
                separator: " ")
            let data = #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\#(text) "}}"#
            let raw = Array("event: content_block_delta\ndata: \(data)\n\n".utf8)
            return RecordedEvent(
                sequence: sequence, offsetNanos: Int64(sequence) * 20_000_000, type: "content_block_delta", data: data,
                raw: raw)
        }
    }

    static func rate(_ count: Int, _ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        return String(format: "%.0f", Double(count) / seconds)
    }

    static func millis(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        return String(format: "%.0f", seconds * 1000)
    }

    /// User + system CPU time of this process, so figures on a busy machine still mean something.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
            getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue ?? 0
    }
}

import ArgumentParser
import Foundation
import TapedeckCore
import TapedeckPostgres
import TapedeckStore

/// `tapedeck-bench team-ingest`: events per second through the live recorder into PostgreSQL, from one recorder
/// and from several at once (as several `tapedeck record` processes would), against SQLite in the same run.
struct TeamIngestBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "team-ingest",
        abstract: "Measure recorder ingest (events/s) into PostgreSQL, 1 and N recorders, against SQLite.",
        discussion: """
            Each recorder streams exchanges the way the proxy does (begin, appends of a few events, update, \
            finish) until close() has committed everything; every figure is checked against the rows stored \
            (nothing dropped). SQLite is measured first in the same run as the reference. The PostgreSQL URL \
            names a server where a fresh database may be created (a superuser or CREATEDB role).
            Example: bash Scripts/postgres.sh -- swift run -c release tapedeck-bench team-ingest \
            --exchanges 200 --events 2500 --recorders 4
            """
    )

    @Option(help: "PostgreSQL URL of a role that may create databases (default: $TAPEDECK_TEST_POSTGRES_URL).")
    var postgres: String?

    @Option(help: "Exchanges per run, split over the recorders, e.g. 200.")
    var exchanges = 200

    @Option(help: "Events per exchange, e.g. 2500.")
    var events = 2500

    @Option(help: "Events per append call, e.g. 4.")
    var eventsPerAppend = 4

    @Option(help: "Recorders writing at once in the many-recorder run, e.g. 4.")
    var recorders = 4

    func validate() throws {
        guard exchanges > 0, events > 0, eventsPerAppend > 0, recorders > 0 else {
            throw ValidationError("--exchanges, --events, --events-per-append and --recorders must be positive.")
        }
    }

    func run() async throws {
        guard let server = postgres ?? ProcessInfo.processInfo.environment["TAPEDECK_TEST_POSTGRES_URL"] else {
            throw ValidationError("Pass --postgres URL (or run under Scripts/postgres.sh).")
        }
        let template = IngestBench.makeEvents(count: events)
        let total = exchanges * events
        print("\(exchanges) exchanges × \(events) events = \(total) events per run")

        let base = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("tapedeck-team-\(UUID())")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let sqlite = try TapedeckStore(path: base.appendingPathComponent("one.sqlite").path)
        let sqliteRate = try await Self.measure(
            [sqlite], exchanges: exchanges, template: template, chunk: eventsPerAppend)
        print("sqlite,   1 recorder:  \(Self.format(sqliteRate))")

        let single = try await PostgresStore.open(url: try await Self.freshDatabase(on: server))
        let singleRate = try await Self.measure(
            [single], exchanges: exchanges, template: template, chunk: eventsPerAppend)
        print("postgres, 1 recorder:  \(Self.format(singleRate))  (\(Self.ratio(singleRate, sqliteRate)) of SQLite)")

        let url = try await Self.freshDatabase(on: server)
        var stores: [any RecordingStore] = []
        for _ in 0..<recorders { stores.append(try await PostgresStore.open(url: url)) }
        let manyRate = try await Self.measure(stores, exchanges: exchanges, template: template, chunk: eventsPerAppend)
        print(
            "postgres, \(recorders) recorders: \(Self.format(manyRate))  (\(Self.ratio(manyRate, sqliteRate)) of SQLite, "
                + "lossless)")
        if let first = stores.first as? PostgresStore {
            let bytes = try await first.eventsStorageBytes()
            print("postgres: \(bytes / (exchanges * events)) bytes on disk per event (partitions, indexes, TOAST)")
        }
        for store in stores { try await store.close() }
        try await single.close()
    }

    /// Events per second (and per CPU-second of this process) with one recorder per store, exchanges split
    /// between them; fails when anything was dropped or is missing.
    static func measure(
        _ stores: [any RecordingStore], exchanges: Int, template: [RecordedEvent], chunk: Int
    ) async throws -> (wall: Double, cpu: Double) {
        let recorders = stores.map { $0.makeRecorder() }
        let start = ContinuousClock.now
        let startCPU = IngestBench.cpuSeconds()
        await withTaskGroup(of: Void.self) { group in
            for (number, recorder) in recorders.enumerated() {
                group.addTask {
                    for index in stride(from: number, to: exchanges, by: recorders.count) {
                        IngestBench.stream(exchange: index, events: template, chunk: chunk, into: recorder)
                    }
                    await recorder.close()
                }
            }
        }
        let elapsed = ContinuousClock.now - start
        let cpu = IngestBench.cpuSeconds() - startCPU
        let total = exchanges * template.count
        let dropped = recorders.reduce(0) { $0 + $1.statistics.droppedEvents }
        let stored = try await stores[0].totalEventCount()
        guard dropped == 0, stored == total else {
            throw ValidationError("lost data: \(stored) of \(total) stored, \(dropped) dropped")
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return (Double(total) / seconds, Double(total) / cpu)
    }

    /// Creates a database with a unique name on `server` and returns its URL.
    static func freshDatabase(on server: String) async throws -> String {
        let name = "bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await PostgresStore.execute("CREATE DATABASE \(name)", url: server)
        guard let slash = server.lastIndex(of: "/") else { throw ValidationError("\(server) names no database") }
        return String(server[..<slash]) + "/" + name
    }

    static func format(_ rate: (wall: Double, cpu: Double)) -> String {
        String(format: "%.0f events/s, %.0f events per CPU-second of tapedeck", rate.wall, rate.cpu)
    }

    static func ratio(_ rate: (wall: Double, cpu: Double), _ reference: (wall: Double, cpu: Double)) -> String {
        String(format: "%.2f×", rate.wall / reference.wall)
    }
}

import ArgumentParser
import Foundation
import NIOCore
import TapedeckCore
import TapedeckProxy
import TapedeckServe
import TapedeckStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The whole product on an embedded default: no key, no network, one command.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a built-in mock upstream, record through the proxy, and replay: no key, no network.",
        discussion: """
            Starts a mock Anthropic API on a free loopback port that streams recorded samples with \
            realistic timing (thinking then text, parallel tool calls, web search, an error event \
            mid-stream, a cut stream, an overloaded request and its retry), starts the capture proxy \
            in front of it, sends the requests through the proxy with its own client (and a simulated \
            agent run: a four-turn tool loop with a retried turn, a side request and a failing last \
            turn), records them into SQLite, prints the session list, then opens the replayer on the \
            most interesting recording. When stdout is not a terminal it prints `show` and a text \
            snapshot instead.

            Examples:
              tapedeck demo
              tapedeck demo --db /tmp/demo.sqlite --no-replay
              tapedeck demo --timing 0        # no delays at all
            """
    )

    /// The demo's own file: whatever is there is taken to be an earlier demo's and replaced.
    static let defaultPath = "tapedeck-demo.sqlite"

    @Option(
        help: ArgumentHelp(
            "SQLite file the demo records into, afresh each run (it refuses a file of other recordings).",
            valueName: "path"))
    var db: String = Self.defaultPath

    @Option(
        help: ArgumentHelp(
            "Scale of the mock's realistic timing: 1 = like the API, 0.2 = five times faster, 0 = instant.",
            valueName: "factor"))
    var timing: Double = 1

    @Flag(name: .customLong("no-replay"), help: "Print `show` and a snapshot instead of opening the replayer.")
    var noReplay = false

    func validate() throws {
        guard timing >= 0, timing.isFinite, timing <= 10 else {
            throw ValidationError("--timing must be between 0 and 10, e.g. 0.5.")
        }
    }

    func run() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        let store: any RecordingStore
        do {
            try await Self.startAfresh(db)
            store = try await StoreOpening.open(db)
            try await store.markAsDemoFile()
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error) (choose another file with --db)")
        }

        let script = try DemoScript.make(library: .embedded, scale: timing)
        let mock = try await MockUpstream.start(scenarios: script.scenarios)
        guard let mockPort = await mock.port else { throw CommandFailure("The mock upstream did not start.") }

        let exchangeRecorder = store.makeRecorder()
        let recorder = StoreCaptureRecorder(exchangeRecorder: exchangeRecorder)
        let proxy: CaptureProxy
        do {
            proxy = try await CaptureProxy.start(
                ProxyConfiguration(
                    listenHost: "127.0.0.1", listenPort: 0,
                    upstream: UpstreamTarget(usesTLS: false, host: "127.0.0.1", port: mockPort),
                    idleTimeout: .seconds(30), threads: 1, recorder: recorder))
        } catch {
            await mock.shutdown()
            throw error
        }
        stderrLine(
            "demo: mock upstream on 127.0.0.1:\(mockPort), capture proxy on 127.0.0.1:\(proxy.port), recording to \(store.location)"
        )

        let client = DemoClient(baseURL: URL(string: "http://127.0.0.1:\(proxy.port)") ?? URL(fileURLWithPath: "/"))
        var results: [DemoClient.Result] = []
        await withTaskGroup(of: DemoClient.Result.self) { group in
            for step in script.concurrent {
                group.addTask { await client.send(label: step.label, scenario: step.scenario, body: step.body) }
            }
            for await result in group { results.append(result) }
        }
        for step in script.sequential {
            results.append(await client.send(label: step.label, scenario: step.scenario, body: step.body))
        }
        let agent = DemoAgent(client: client)
        results += try await agent.run(library: .embedded)
        await proxy.shutdown(grace: .seconds(5))
        await recorder.flush()
        await exchangeRecorder.close()
        await mock.shutdown()

        for result in results {
            let what =
                result.failure.map { "client error: \($0)" }
                ?? "HTTP \(result.status.map(String.init) ?? "?"), \(result.bytes) bytes"
            print("  sent: \(result.label.padding(toLength: 34, withPad: " ", startingAt: 0)) \(what)")
        }
        print("")
        let exchanges = try await store.exchanges(ExchangeFilter(limit: results.count))
        let sessions = try await store.sessions(ExchangeFilter(ids: exchanges.map(\.id)))
        print(SessionTable.render(sessions, width: TerminalWidth.ofStandardOutput()))
        let elapsed = clock.now - started
        print("")
        print(
            "Recorded \(exchanges.count) exchanges in \(sessions.count) sessions in \(Self.seconds(elapsed)) into \(store.location)"
                + " (the first row is the simulated agent run).")

        // The agent run is the session with the most exchanges: it is what people record, and it fails at the end.
        guard let pick = sessions.max(by: { $0.figures.exchanges < $1.figures.exchanges }) else { return }
        let session = try await store.loadSession(id: pick.summary.id, requestBodiesOnDemand: false)
        let turn = DemoReplay.telling(session)
        if !noReplay && isatty(STDOUT_FILENO) == 1 && isatty(STDIN_FILENO) == 1 {
            print(
                "Opening the session view on \(pick.summary.id), playing turn \(turn + 1) at half speed: n/p other "
                    + "turns, space pause, i request, ? help, q quit.")
            try DemoReplay.interactive(session: session, turn: turn)
        } else {
            print("")
            print(DemoReplay.show(session: session))
            print("")
            print(DemoReplay.snapshot(session: session, turn: turn))
        }
        print("")
        print(
            "Next: tapedeck ls --db \(store.location)   ·   tapedeck replay \(pick.summary.id) --db \(store.location)   ·   "
                + "tapedeck show \(pick.summary.id) --db \(store.location)")
    }

    /// Removes the file an earlier demo made (and its -wal, -shm and -lock files), so every run shows the same
    /// recordings; refuses a recordings file the demo did not make, which it would otherwise mix its own into.
    static func startAfresh(_ path: String) async throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        if (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue != 0,
            path != defaultPath
        {
            let existing = try await StoreOpening.open(path, readOnly: true)
            guard try await existing.isDemoFile() else {
                throw CommandFailure(
                    "\(path) holds recordings the demo did not make; the demo writes a fresh file of its own: "
                        + "pass another --db (the default is \(defaultPath)).")
            }
            try await existing.close()
        }
        for suffix in ["", "-wal", "-shm", "-lock"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
    }

    private static func seconds(_ duration: Duration) -> String {
        let parts = duration.components
        let value = Double(parts.seconds) + Double(parts.attoseconds) / 1e18
        return String(format: "%.1f s", value)
    }

    private func stderrLine(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

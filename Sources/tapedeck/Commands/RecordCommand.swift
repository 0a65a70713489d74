import ArgumentParser
import Foundation
import TapedeckCore
import TapedeckProxy
import TapedeckStore

/// Run the capture proxy and record every exchange into SQLite.
struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Run the capture proxy and record every exchange into SQLite.",
        discussion: """
            Point a client at the proxy (ANTHROPIC_BASE_URL=http://127.0.0.1:8787) and every request is \
            forwarded to the upstream unchanged and unbuffered, while each streamed event is stored with \
            its arrival time. Secret headers and query parameters (x-api-key, authorization, cookies, \
            names containing key, token, secret, auth or password, --redact-header) are replaced by a \
            fingerprint before anything reaches disk.

            Examples:
              tapedeck record
              tapedeck record --listen 127.0.0.1:9000 --db runs.sqlite
              tapedeck record -- python agent.py   # runs it with ANTHROPIC_BASE_URL set
              tapedeck record --session nightly-eval -- python eval.py

            Exchanges are grouped into sessions as they are recorded: by Claude Code's session id \
            (header or metadata.user_id), else by --session NAME or the run of `record -- COMMAND`, \
            else by following each conversation's messages from one request to the next.
              tapedeck record --upstream http://127.0.0.1:8080 --redact-header x-team-token

            Ctrl-C (or SIGTERM) stops accepting, lets running streams finish for --grace seconds, \
            flushes the database and exits 0.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(
        help: ArgumentHelp(
            "Put every exchange that carries no session id of its own into session NAME (e.g. --session eval-42).",
            valueName: "name"))
    var session: String?

    @Option(
        help: ArgumentHelp(
            "Address to listen on, host:port (default 127.0.0.1:8787; a free port when running a command).",
            valueName: "host:port"))
    var listen: String?

    @Option(help: ArgumentHelp("The API every request is forwarded to, e.g. http://127.0.0.1:8080.", valueName: "url"))
    var upstream: String = "https://api.anthropic.com"

    @Option(
        name: .customLong("redact-header"),
        help: ArgumentHelp(
            "Also redact this header or query parameter (repeatable), e.g. x-team-token.", valueName: "name"))
    var redactHeaders: [String] = []

    @Option(
        name: .customLong("idle-timeout"),
        help: ArgumentHelp(
            "Close a connection (and its exchange) after this many seconds without a byte, from accept on, e.g. 60.",
            valueName: "seconds"))
    var idleTimeout: Double = 300

    @Option(
        name: .customLong("header-timeout"),
        help: ArgumentHelp(
            "Close a connection whose request head is not whole this many seconds after its first byte, e.g. 10.",
            valueName: "seconds"))
    var headerTimeout: Double = 30

    @Option(
        name: .customLong("max-connections"),
        help: ArgumentHelp(
            "Client connections open at once; more are refused with a log line (default: half the open-file limit).",
            valueName: "count"))
    var maxConnections: Int?

    @Option(
        name: .customLong("max-queue-bytes"),
        help: ArgumentHelp(
            "Body bytes that may wait for the recorder (e.g. 64M, 1G); past it an exchange is forwarded whole but "
                + "recorded in part, its lost events counted in dropped_events (default 64M).",
            valueName: "size"))
    var maxQueueBytes: String = "64M"

    @Option(
        help: ArgumentHelp("Seconds running streams may finish after Ctrl-C/SIGTERM, e.g. 5.", valueName: "seconds"))
    var grace: Double = 10

    @Flag(
        name: .customLong("allow-remote"),
        help: "Allow listening on a non-loopback address (anyone who can reach it uses your upstream).")
    var allowRemote = false

    @Argument(
        parsing: .postTerminator,
        help: ArgumentHelp(
            "A command to run with ANTHROPIC_BASE_URL set to the proxy; record exits with its status.",
            valueName: "command"))
    var command: [String] = []

    func validate() throws {
        if let session, session.trimmingCharacters(in: .whitespaces).isEmpty || session.count > 200 {
            throw ValidationError("--session needs a name of 1 to 200 characters, e.g. --session eval-42.")
        }
        let (host, _) = try listenAddress()
        if !allowRemote && !ProxyConfiguration.isLoopback(host) {
            throw ValidationError(
                "--listen \(host) is not a loopback address; pass --allow-remote to expose the proxy on the network.")
        }
        do {
            _ = try UpstreamTarget(url: upstream)
        } catch {
            throw ValidationError("--upstream: \(error.description).")
        }
        guard idleTimeout > 0, idleTimeout.isFinite else {
            throw ValidationError("--idle-timeout must be a positive number of seconds, e.g. 300.")
        }
        guard headerTimeout > 0, headerTimeout.isFinite else {
            throw ValidationError("--header-timeout must be a positive number of seconds, e.g. 30.")
        }
        if let maxConnections, maxConnections < 1 {
            throw ValidationError("--max-connections must be at least 1, e.g. --max-connections 1000.")
        }
        guard Self.byteCount(maxQueueBytes) != nil else {
            throw ValidationError(
                "--max-queue-bytes must be a size such as 64M, 512K, 1G or a number of bytes (got '\(maxQueueBytes)').")
        }
        guard grace >= 0, grace.isFinite else {
            throw ValidationError("--grace must be zero or a positive number of seconds, e.g. 10.")
        }
    }

    /// Bytes from a size such as 64M, 512K, 1G or 1048576 (binary multiples); nil when it is not one.
    static func byteCount(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let shifts: [Character: Int] = ["K": 10, "M": 20, "G": 30]
        var digits = Substring(trimmed)
        var shift = 0
        if let last = digits.last, let found = shifts[last] {
            shift = found
            digits = digits.dropLast()
        }
        guard let value = Int(digits), value > 0, value <= (Int.max >> shift) else { return nil }
        return value << shift
    }

    /// Host and port from --listen, or the default (port 0 when a command is run).
    private func listenAddress() throws -> (String, Int) {
        guard let listen else { return ("127.0.0.1", command.isEmpty ? 8787 : 0) }
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
            (0...65_535).contains(port)
        else {
            throw ValidationError("--listen must be host:port, e.g. 127.0.0.1:8787 (got '\(listen)').")
        }
        var host = String(listen[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { throw ValidationError("--listen needs a host, e.g. 127.0.0.1:\(port).") }
        return (host, port)
    }

    func run() async throws {
        // Handlers go in first: whoever reads the banner may signal at once.
        let signals = RecordSignals()
        let (host, port) = try listenAddress()
        let target: UpstreamTarget
        do {
            target = try UpstreamTarget(url: upstream)
        } catch {
            throw ValidationError("--upstream: \(error.description).")
        }
        var spool: RecordSpool?
        var midRunSpool: RecorderSpool?
        let store: any RecordingStore
        do {
            store = try await StoreOpening.open(database.path)
            if StoreLocation.isServerURL(database.path) {
                midRunSpool = RecordSpool.midRun(server: database.path, shownServer: store.location)
            }
        } catch StoreError.cannotOpen(let server, let reason) where StoreLocation.isServerURL(database.path) {
            // The server is away: forwarding must not wait for it. Record into a local spool, upload it at stop.
            let path = RecordSpool.newPath()
            RecordOutput.note(
                "warning: \(server) cannot be reached (\(reason)); recording into the local spool \(path), "
                    + "uploaded when recording stops if the server is back")
            do {
                store = try TapedeckStore(path: path)
            } catch {
                throw CommandFailure(error.description)
            }
            spool = RecordSpool(path: path, server: database.path, shownServer: server)
        } catch {
            throw CommandFailure(error.description)
        }
        do {
            let marked = try await store.markInterruptedExchanges()
            if marked > 0 {
                RecordOutput.note("marked \(marked) exchange(s) left in progress by an earlier run as interrupted")
            }
        } catch {
            throw CommandFailure("\(error)")
        }

        var recorderConfiguration = ExchangeRecorder.Configuration()
        let queueBytes = Self.byteCount(maxQueueBytes) ?? StoreCaptureRecorder.defaultMaxQueueBytes
        // The cap bounds the recorder's two queues: body bytes waiting to be parsed, and the events parsed from
        // them waiting for disk, which hold each event twice (its data and its raw bytes), hence twice the cap.
        recorderConfiguration.maxQueuedBytes =
            queueBytes.multipliedReportingOverflow(by: 2).overflow
            ? .max : queueBytes * 2
        if let session {
            recorderConfiguration.sessionKey = .recordName(session)
        } else if !command.isEmpty {
            recorderConfiguration.sessionKey = .recordRun(ShortID.generate())
        }
        let exchangeRecorder = StoreOpening.makeRecorder(
            store, configuration: recorderConfiguration, onNotice: { RecordOutput.note("warning: \($0)") },
            spool: midRunSpool)
        let quiet = !command.isEmpty
        let losses = RecordingLossTally()
        let capture = StoreCaptureRecorder(
            exchangeRecorder: exchangeRecorder, redactor: HeaderRedactor(additionalNames: redactHeaders),
            maxQueueBytes: queueBytes,
            onFinish: { summary in
                losses.add(summary)
                if !quiet { RecordOutput.exchange(summary) }
            })
        let proxy: CaptureProxy
        do {
            var proxyConfiguration = ProxyConfiguration(
                listenHost: host, listenPort: port, upstream: target, redactedHeaderNames: redactHeaders,
                allowRemote: allowRemote, recorder: capture, maxConnections: maxConnections,
                onNotice: { RecordOutput.note("warning: \($0)") })
            proxyConfiguration.setTimeouts(idleSeconds: idleTimeout, graceSeconds: grace)
            proxyConfiguration.setHeaderTimeout(seconds: headerTimeout)
            proxy = try await CaptureProxy.start(proxyConfiguration)
        } catch {
            await exchangeRecorder.close()
            throw CommandFailure("\(error)")
        }
        if allowRemote && !ProxyConfiguration.isLoopback(host) {
            RecordOutput.note(
                "warning: listening on \(host), reachable from the network; anyone who can connect uses your upstream")
        }
        let baseURL = "http://\(proxy.listenAddress)"
        RecordOutput.note(
            "recording on \(baseURL) -> \(target) into \(store.location)"
                + (command.isEmpty ? " (Ctrl-C to stop)" : ""))
        if StoreLocation.isServerURL(database.path) {
            let waiting = RecordSpool.waiting().filter { $0 != spool?.path }
            if !waiting.isEmpty {
                RecordOutput.note(
                    "\(waiting.count) local spool file(s) of earlier runs wait to be uploaded: "
                        + "\(waiting.joined(separator: ", ")) (`tapedeck push FILE --to \(StoreLocation.shown(database.path))`)"
                )
            }
        }

        var exitStatus: Int32 = 0
        if command.isEmpty {
            for await _ in signals.stream { break }
            RecordOutput.note("stopping: letting running streams finish (up to \(grace) s; Ctrl-C again quits now)")
        } else {
            let child = try RecordChild(arguments: command, environment: ["ANTHROPIC_BASE_URL": baseURL])
            let forwarding = Task {
                for await number in signals.stream { child.forward(number) }
            }
            do {
                exitStatus = try await child.run()
            } catch {
                RecordOutput.note("\(error)")
                exitStatus = 127
            }
            forwarding.cancel()
        }
        signals.cancel()
        await proxy.shutdown()
        await capture.drain()
        await exchangeRecorder.close()
        let stats = exchangeRecorder.statistics
        if let warning = RecordingLossTally.warning(
            capture: losses.current, storeDropped: stats.droppedEvents, writeErrors: stats.writeErrors,
            lastError: stats.lastError)
        {
            RecordOutput.note(warning)
        }
        if let spool { RecordOutput.note(await spool.upload()) }
        if let midRunSpool {
            // Recording stopped while the server was still away mid-run: the stop-time upload applies to its spool.
            if let waiting = midRunSpool.waiting {
                RecordOutput.note(
                    await RecordSpool(path: waiting, server: database.path, shownServer: store.location).upload())
            }
            for kept in midRunSpool.kept {
                RecordOutput.note(
                    "the spool \(kept) was kept after a conflict; see `tapedeck push \(kept) --to \(store.location)`")
            }
        }
        if exitStatus != 0 { throw ExitCode(exitStatus) }
    }
}

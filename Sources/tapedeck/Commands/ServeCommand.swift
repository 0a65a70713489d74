import ArgumentParser
import Foundation
import TapedeckServe
import TapedeckStore

/// Re-serve recorded exchanges as a mock Anthropic API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Re-serve recorded exchanges as a mock Anthropic API.",
        discussion: """
            Answers each request with a recorded exchange: the same status, headers and \
            bytes, event by event with the recorded timing (divided by --speed), cut \
            where the recording was cut. Point any client at it, for example \
            ANTHROPIC_BASE_URL=http://127.0.0.1:8788 python app.py

            Matching (--match):
              body         the exchange with the same request (JSON key order ignored);
                           identical requests walk through the matching exchanges
                           oldest first, so a recorded retry chain replays in order
              sequence     every exchange oldest first, one per request
              session:ID   replay one agent run offline: the session's exchanges in
                           their order; each request gets the first exchange not yet
                           served whose request matches it (as body), else the next
                           one in order (id, unique prefix or `latest`)
              exchange:ID  always this exchange (id, unique prefix or `latest`)
            A request with no match gets a 404 with an Anthropic-shaped error.

            Examples:
              tapedeck serve --instant
              tapedeck serve --match session:latest --speed 10
              tapedeck serve --match sequence --loop --speed 4
              tapedeck serve --match exchange:latest --listen 127.0.0.1:9000
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Address to listen on, e.g. 127.0.0.1:8788.", valueName: "host:port"))
    var listen = "127.0.0.1:8788"

    @Flag(help: "Allow listening on a non-loopback address (anyone who can reach it reads your recordings).")
    var allowRemote = false

    @Option(help: ArgumentHelp("Replay speed: 1 = recorded timing, 10 = ten times faster, e.g. --speed 2.5."))
    var speed: Double = 1

    @Flag(help: "Send every event immediately, without the recorded delays.")
    var instant = false

    @Option(
        help: ArgumentHelp(
            "How requests pick an exchange: body, sequence, session:ID or exchange:ID.", valueName: "mode"))
    var match = "body"

    @Flag(help: "With --match sequence (or body), start over after the last matching exchange.")
    var loop = false

    func validate() throws {
        guard speed > 0, speed.isFinite else {
            throw ValidationError("--speed must be a positive number, e.g. --speed 2 (or use --instant).")
        }
        guard ReplayMatchMode(argument: match) != nil else {
            throw ValidationError("--match must be body, sequence, session:ID or exchange:ID (got \"\(match)\").")
        }
        let address = try ListenAddress(listen)
        guard allowRemote || address.isLoopback else {
            throw ValidationError(
                "\(listen) is not a loopback address; add --allow-remote if you really want to serve recordings to the network."
            )
        }
    }

    func run() async throws {
        guard var mode = ReplayMatchMode(argument: match) else { return }
        let address = try ListenAddress(listen)
        let store = try await StoreOpening.open(database.path, readOnly: true)
        var summaries = try await store.exchanges(ExchangeFilter(order: .oldestFirst))
        switch mode {
        case .exchange(let reference):
            mode = .exchange(try await store.resolve(reference).id)
        case .session(let reference):
            let id = try await SessionServeResolution.resolve(reference, in: store)
            mode = .session(id)
            summaries = summaries.filter { $0.sessionID == id }
        case .body, .sequence:
            break
        }
        let server = ReplayServer(
            summaries: summaries, mode: mode, speed: instant ? nil : speed, loop: loop, host: address.host,
            port: address.port,
            log: { line in FileHandle.standardError.write(Data("\(Self.clock()) \(line)\n".utf8)) }
        ) { id in try await store.loadExchange(id: id) }
        let pace = instant ? "instant" : "speed \(speed.formatted())x"
        let count = summaries.filter { $0.outcome != .inProgress }.count
        let path = store.location
        let matchDescription = mode.description
        let host = address.host.contains(":") ? "[\(address.host)]" : address.host
        try await server.run { port in
            let banner =
                "tapedeck serve: \(count) exchange\(count == 1 ? "" : "s") from \(path) on http://\(host):\(port)"
                + " (match \(matchDescription), \(pace)\(loop ? ", loop" : "")); Ctrl-C to stop\n"
            FileHandle.standardError.write(Data(banner.utf8))
        }
    }
}

extension ServeCommand {
    /// The local time of day for a log line: "14:03:12.345".
    static func clock() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "HH:mm:ss.SSS"
        return formatter.string(from: Date())
    }
}

/// `host:port` as given to --listen, with IPv6 in brackets (`[::1]:8788`).
private struct ListenAddress {
    var host: String
    var port: Int

    init(_ text: String) throws {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            hostPart = text[text.index(after: text.startIndex)..<close]
            portPart = text[close...].dropFirst().drop { $0 == ":" }
        } else if let colon = text.lastIndex(of: ":") {
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        } else {
            throw ValidationError("--listen needs host:port, e.g. 127.0.0.1:8788 (got \"\(text)\").")
        }
        guard let port = Int(portPart), (0...65535).contains(port) else {
            throw ValidationError("--listen has an invalid port in \"\(text)\"; use e.g. 127.0.0.1:8788.")
        }
        self.host = hostPart.isEmpty ? "127.0.0.1" : String(hostPart)
        self.port = port
    }

    var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

import TapedeckCore

/// `tapedeck serve`: answers API requests by re-streaming recorded exchanges with their original
/// status, headers, bytes and timing (divided by `speed`), cut where the recording was cut.
public actor ReplayServer {
    /// Loads the full exchange (events included) for an id; called once per answered request.
    public typealias Loader = @Sendable (String) async throws -> RecordedExchange
    /// Receives one line per request (the CLI prints them to stderr).
    public typealias Log = @Sendable (ServeLogLine) -> Void

    private var matcher: ReplayMatcher
    private let mode: ReplayMatchMode
    private let load: Loader
    private let speed: Double?
    private let host: String
    private let requestedPort: Int
    private var server: ScriptedServer?
    private let log: Log?

    /// Creates a server over exchange summaries, loading events on demand.
    ///
    /// `speed`: 1 = recorded timing, 10 = ten times faster, nil = no delays at all (`--instant`).
    public init(
        summaries: [ExchangeSummary], mode: ReplayMatchMode = .body, speed: Double? = 1, loop: Bool = false,
        host: String = "127.0.0.1", port: Int = 0, log: Log? = nil, load: @escaping Loader
    ) {
        let servable = summaries.filter { $0.outcome != .inProgress }
        self.matcher = ReplayMatcher(exchanges: servable, mode: mode, loop: loop)
        self.mode = mode
        self.load = load
        self.speed = speed
        self.host = host
        self.requestedPort = port
        self.log = log
    }

    /// Creates a server over exchanges already in memory.
    public init(
        exchanges: [RecordedExchange], mode: ReplayMatchMode = .body, speed: Double? = 1, loop: Bool = false,
        host: String = "127.0.0.1", port: Int = 0, log: Log? = nil
    ) {
        let byID = Dictionary(exchanges.map { ($0.summary.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.init(
            summaries: exchanges.map(\.summary), mode: mode, speed: speed, loop: loop, host: host, port: port,
            log: log
        ) { id in
            guard let exchange = byID[id] else { throw ReplayServerError.missingExchange(id) }
            return exchange
        }
    }

    /// Starts listening; returns the bound port.
    @discardableResult
    public func start() async throws -> Int {
        if let server, let port = await server.port { return port }
        let server = makeServer()
        self.server = server
        return try await server.start()
    }

    /// Serves until SIGINT or SIGTERM; `onListening` gets the bound port (for the banner).
    public func run(onListening: @escaping @Sendable (Int) -> Void) async throws {
        let server = makeServer()
        self.server = server
        try await server.run(onListening: onListening)
    }

    /// The bound port, once started.
    public var port: Int? {
        get async { await server?.port }
    }

    /// Stops listening; streams in progress are cut.
    public func shutdown() async {
        await server?.shutdown()
        server = nil
    }

    private func makeServer() -> ScriptedServer {
        ScriptedServer(host: host, port: requestedPort) { [weak self] request in
            guard let self else { return Self.notFound("the replay server is stopping") }
            return await self.answer(request)
        }
    }

    /// The script for one request: the chosen exchange re-served, or an explanatory 404.
    func answer(_ request: IncomingRequest) async -> ScriptedResponse {
        let requestLine = "\(request.method) \(request.path)"
        switch matcher.choose(for: request) {
        case .noMatch(let reason):
            let why = "\(reason) (match mode: \(mode))"
            log?(ServeLogLine(request: requestLine, exchange: nil, status: 404, reason: why))
            return Self.notFound(why)
        case .exchange(let id):
            do {
                let exchange = try await load(id)
                let script = ScriptedResponse(replaying: exchange)
                log?(ServeLogLine(request: requestLine, exchange: exchange.summary, status: script.status))
                return script.scaled(bySpeed: speed ?? .infinity)
            } catch {
                let why = "cannot load exchange \(id): \(error)"
                log?(ServeLogLine(request: requestLine, exchange: nil, status: 500, reason: why))
                return ScriptedResponse(
                    status: 500, headers: [HeaderField(name: "content-type", value: "application/json")],
                    parts: [
                        ScriptedPart(
                            bytes: AnthropicErrorBody.bytes(type: "api_error", message: "tapedeck serve: \(why)"))
                    ])
            }
        }
    }

    static func notFound(_ reason: String) -> ScriptedResponse {
        let message =
            "tapedeck serve: \(reason). Record the exchange first by running your client through "
            + "`tapedeck record` (e.g. `tapedeck record -- python app.py`), then serve again."
        return ScriptedResponse(
            status: 404, headers: [HeaderField(name: "content-type", value: "application/json")],
            parts: [ScriptedPart(bytes: AnthropicErrorBody.bytes(type: "not_found_error", message: message))])
    }
}

/// Why a replay could not answer.
public enum ReplayServerError: Error, CustomStringConvertible {
    /// The matcher chose an exchange the loader does not have.
    case missingExchange(String)

    /// A sentence for the user.
    public var description: String {
        switch self {
        case .missingExchange(let id): "exchange \(id) is not loaded"
        }
    }
}

import TapedeckCore

/// A fake Anthropic API on 127.0.0.1 for tests and `tapedeck demo`: answers POST /v1/messages
/// from named scenarios.
///
/// Selection per request: the `x-mock-scenario: NAME` header if present; otherwise the next name
/// of `queue` (consumed in order); once the queue is empty, the first scenario.
public actor MockUpstream {
    /// The header that selects a scenario by name.
    public static let scenarioHeader = "x-mock-scenario"

    private let scenarios: [String: MockScenario]
    private let defaultScenario: String?
    private var queue: ArraySlice<String>
    private var received: [MockRequest] = []
    private let host: String
    private var server: ScriptedServer?

    /// Creates a mock (not yet listening); `queue` lists scenario names for requests without the header.
    public init(scenarios: [MockScenario], queue: [String] = [], host: String = "127.0.0.1") {
        self.scenarios = Dictionary(scenarios.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.defaultScenario = scenarios.first?.name
        self.queue = queue[...]
        self.host = host
    }

    /// Creates and starts a mock in one step.
    public static func start(scenarios: [MockScenario], queue: [String] = []) async throws -> MockUpstream {
        let mock = MockUpstream(scenarios: scenarios, queue: queue)
        _ = try await mock.start()
        return mock
    }

    /// Starts listening on an ephemeral port; returns the port.
    @discardableResult
    public func start() async throws -> Int {
        if let server, let port = await server.port { return port }
        let server = ScriptedServer(host: host) { [weak self] request in
            guard let self else { return Self.refusal(status: 503, type: "api_error", message: "mock stopped") }
            return await self.answer(request)
        }
        self.server = server
        return try await server.start()
    }

    /// The bound port, once started.
    public var port: Int? {
        get async { await server?.port }
    }

    /// `http://127.0.0.1:PORT`, once started (the SDK's `base_url`).
    public var baseURL: String? {
        get async {
            guard let port = await port else { return nil }
            return "http://\(host):\(port)"
        }
    }

    /// Every request answered so far, in arrival order.
    public var requests: [MockRequest] { received }

    /// Stops listening; streams still running are cut.
    public func shutdown() async {
        await server?.shutdown()
        server = nil
    }

    /// Chooses the script for one request and records it.
    func answer(_ request: IncomingRequest) -> ScriptedResponse {
        guard request.method == "POST", request.path == "/v1/messages" else {
            received.append(MockRequest(request: request, scenario: nil))
            return Self.refusal(
                status: 404, type: "not_found_error",
                message: "the tapedeck mock only answers POST /v1/messages (got \(request.method) \(request.path))")
        }
        let name: String?
        if let selected = request.header(Self.scenarioHeader) {
            name = selected
        } else if let next = queue.popFirst() {
            name = next
        } else {
            name = defaultScenario
        }
        guard let name, let scenario = scenarios[name] else {
            received.append(MockRequest(request: request, scenario: nil))
            let known = scenarios.keys.sorted().joined(separator: ", ")
            return Self.refusal(
                status: 400, type: "invalid_request_error",
                message: "no mock scenario named \"\(name ?? "")\" (known: \(known))")
        }
        received.append(MockRequest(request: request, scenario: name))
        return scenario.response
    }

    static func refusal(status: Int, type: String, message: String) -> ScriptedResponse {
        ScriptedResponse(
            status: status, headers: [HeaderField(name: "content-type", value: "application/json")],
            parts: [ScriptedPart(bytes: AnthropicErrorBody.bytes(type: type, message: message))])
    }
}

import Foundation
import Hummingbird
import Logging
import TapedeckCore

/// Serves `ScriptedResponse`s over HTTP/1.1 with Hummingbird: the engine under `MockUpstream`
/// and `ReplayServer`.
///
/// The handler sees each fully read request and returns the script; the server sleeps between
/// parts on the continuous clock, streams each part as one chunk, and cuts the connection when
/// the script says so.
public actor ScriptedServer {
    /// Answers one request with a script.
    public typealias Handler = @Sendable (IncomingRequest) async -> ScriptedResponse

    /// Largest request body read (requests beyond it get 413).
    public static let maxRequestBody = 32 * 1024 * 1024

    private let host: String
    private let requestedPort: Int
    private let handler: Handler
    private var runTask: Task<Void, any Error>?
    private var boundPort: Int?

    /// Creates a server that will listen on `host:port` (port 0: an ephemeral port) once started.
    public init(host: String = "127.0.0.1", port: Int = 0, handler: @escaping Handler) {
        self.host = host
        self.requestedPort = port
        self.handler = handler
    }

    /// The bound port once `start()` has returned.
    public var port: Int? { boundPort }

    /// Binds and starts serving; returns the bound port. Throws when the address cannot be bound.
    public func start() async throws -> Int {
        if let boundPort { return boundPort }
        let (ready, readyContinuation) = AsyncStream<Result<Int, any Error>>.makeStream()
        // Stopping by cancellation makes Hummingbird log cancellation errors: expected here, so hidden.
        let app = makeApplication(logLevel: .critical) { port in readyContinuation.yield(.success(port)) }
        let task = Task {
            do {
                try await app.runService(gracefulShutdownSignals: [])
                readyContinuation.yield(.failure(ScriptedServerError.stoppedBeforeListening))
            } catch {
                readyContinuation.yield(.failure(error))
                throw error
            }
        }
        runTask = task
        var iterator = ready.makeAsyncIterator()
        switch await iterator.next() {
        case .success(let port):
            boundPort = port
            return port
        case .failure(let error):
            runTask = nil
            throw ScriptedServerError.cannotListen(host: host, port: requestedPort, reason: "\(error)")
        case nil:
            runTask = nil
            throw ScriptedServerError.stoppedBeforeListening
        }
    }

    /// Serves in the calling task until SIGINT or SIGTERM (then shuts down gracefully);
    /// `onListening` gets the bound port. For the CLI; tests use `start()` and `shutdown()`.
    public func run(onListening: @escaping @Sendable (Int) -> Void) async throws {
        let app = makeApplication(logLevel: .warning, onListening: onListening)
        do {
            try await app.runService()
        } catch {
            throw ScriptedServerError.cannotListen(host: host, port: requestedPort, reason: "\(error)")
        }
    }

    private func makeApplication(
        logLevel: Logger.Level, onListening: @escaping @Sendable (Int) -> Void
    ) -> some ApplicationProtocol {
        let handler = self.handler
        let responder = CallbackResponder<ScriptedRequestContext> { request, context in
            await Self.respond(to: request, handler: handler, closeOutput: context.closeOutput)
        }
        var logger = Logger(label: "tapedeck.serve")
        logger.logLevel = logLevel
        return Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: requestedPort), serverName: nil),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    /// Stops listening and closes open connections (streams in progress are cut).
    public func shutdown() async {
        guard let task = runTask else { return }
        runTask = nil
        task.cancel()
        _ = await task.result
    }

    private static func respond(
        to request: Request, handler: Handler, closeOutput: @escaping @Sendable () async throws -> Void
    ) async -> Response {
        let body: [UInt8]
        do {
            let buffer = try await request.body.collect(upTo: maxRequestBody)
            body = Array(buffer.readableBytesView)
        } catch {
            return Response(
                status: .contentTooLarge,
                headers: [.contentType: "application/json"],
                body: .init(
                    byteBuffer: ByteBuffer(
                        bytes: AnthropicErrorBody.bytes(
                            type: "request_too_large", message: "Request body is larger than \(maxRequestBody) bytes."))
                )
            )
        }
        let incoming = IncomingRequest(
            method: request.method.rawValue,
            path: request.uri.path,
            query: request.uri.query,
            headers: request.headers.map { HeaderField(name: $0.name.rawName, value: $0.value) },
            body: body
        )
        let script = await handler(incoming)
        if script.headDelayNanos > 0 {
            try? await Task.sleep(for: .nanoseconds(script.headDelayNanos))
        }
        return makeResponse(script, closeOutput: closeOutput)
    }

    /// Turns a script into a Hummingbird response whose body writer follows the script's timing.
    static func makeResponse(
        _ script: ScriptedResponse, closeOutput: @escaping @Sendable () async throws -> Void
    ) -> Response {
        var fields = HTTPFields()
        for header in ServerWrittenHeaders.copyable(script.headers) {
            guard let name = HTTPFields.Element.Name(header.name) else { continue }
            fields.append(HTTPFields.Element(name: name, value: header.value))
        }
        let status = HTTPResponse.Status(code: script.status)
        let parts = script.parts
        let ending = script.ending
        // A clean, untimed, single-write body gets a content-length; everything else is chunked so
        // that each part is its own chunk and a cut is visible as a missing terminating chunk.
        let isStreamed = ending != .clean || parts.count > 1 || parts.contains { $0.delayNanos > 0 }
        if !isStreamed {
            let bytes = parts.first?.bytes ?? []
            return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        let schedule = ScriptedSchedule(
            parts: parts, coalesces: script.coalescesDueParts, earlyNanos: ScriptedSchedule.replayEarlyNanos)
        let body = ResponseBody { writer in
            // Absolute deadlines from the start of the body; parts already due are never slept for (see
            // `ScriptedSchedule`).
            let clock = ContinuousClock()
            let start = clock.now
            var next = 0
            writing: while true {
                let elapsed = start.duration(to: clock.now)
                let elapsedNanos =
                    elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
                switch schedule.step(from: next, elapsedNanos: elapsedNanos) {
                case .done:
                    break writing
                case .wait(let due):
                    try await Task.sleep(until: start.advanced(by: .nanoseconds(due)), clock: clock)
                case .write(let range):
                    next = range.upperBound
                    let size = parts[range].reduce(0) { $0 + $1.bytes.count }
                    guard size > 0 else { continue }
                    var buffer = ByteBuffer()
                    buffer.reserveCapacity(size)
                    for part in parts[range] { buffer.writeBytes(part.bytes) }
                    try await writer.write(buffer)
                }
            }
            switch ending {
            case .clean: try await writer.finish(nil)
            case .cut:
                // Let queued bytes reach the client, send FIN, then abort so no terminating chunk follows.
                try? await closeOutput()
                throw ScriptedStreamCut()
            case .hang:
                // Stalled: no more bytes and no end until the server stops (which cancels this task).
                try await Task.sleep(for: .seconds(86_400))
                throw ScriptedStreamCut()
            }
        }
        return Response(status: status, headers: fields, body: body)
    }
}

/// Why a scripted server could not start.
public enum ScriptedServerError: Error, CustomStringConvertible {
    /// Binding failed (address in use, not permitted, unknown host).
    case cannotListen(host: String, port: Int, reason: String)
    /// The server stopped before it reported listening.
    case stoppedBeforeListening

    /// A sentence for the user.
    public var description: String {
        switch self {
        case .cannotListen(let host, let port, let reason):
            "cannot listen on \(host):\(port): \(reason)"
        case .stoppedBeforeListening:
            "the server stopped before it started listening"
        }
    }
}

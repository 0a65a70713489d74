import Foundation
import TapedeckCore
import TapedeckStore
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `tapedeck serve` as a process: banner, answers, refusal of remote addresses, clean exit on SIGTERM.
@Suite struct ServeCommandTests {
    /// `$TAPEDECK_BIN` (Scripts/test.sh sets it), else `.build/debug/tapedeck`.
    private static func binary() throws -> String {
        if let path = ProcessInfo.processInfo.environment["TAPEDECK_BIN"], !path.isEmpty { return path }
        let built = Fixtures.root.appendingPathComponent(".build/debug/tapedeck").path
        guard FileManager.default.isExecutableFile(atPath: built) else {
            throw PythonSDK.Failure(
                description: "no tapedeck binary: run `swift build` or set TAPEDECK_BIN (Scripts/test.sh does)")
        }
        return built
    }

    private static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tapedeck-serve-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Reads `handle` line by line on its own thread until `predicate` matches a line (or EOF).
    private static func firstLine(of handle: FileHandle, where predicate: @escaping @Sendable (String) -> Bool)
        async -> String?
    {
        await withCheckedContinuation { continuation in
            Thread {
                var buffer = Data()
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty {
                        continuation.resume(returning: nil)
                        return
                    }
                    buffer.append(chunk)
                    let lines = String(decoding: buffer, as: UTF8.self).split(separator: "\n")
                    if let line = lines.first(where: { predicate(String($0)) }) {
                        continuation.resume(returning: String(line))
                        return
                    }
                }
            }.start()
        }
    }

    @Test func servesARecordedExchangeThenExitsOnSIGTERM() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("rec.sqlite").path
        let exchange = ReplayFixtures.streaming(id: "c0ffee0001", events: ReplayFixtures.basicEvents)
        do {
            let store = try TapedeckStore(path: database)
            try store.insert(exchange)
            try store.close()
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.binary())
        process.arguments = ["serve", "--db", database, "--listen", "127.0.0.1:0", "--instant"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let banner = try #require(
            await Self.firstLine(of: errors.fileHandleForReading) { $0.contains("http://127.0.0.1:") },
            "no banner from tapedeck serve")
        #expect(banner.hasPrefix("tapedeck serve: 1 exchange from "))
        #expect(banner.contains("match body") && banner.contains("instant"))
        let portText = try #require(banner.split(separator: "http://127.0.0.1:").last?.prefix { $0.isNumber })
        let port = try #require(Int(portText))

        let response = try await RawHTTP.exchange(
            port: port, body: Array(#"{"stream": true, "model": "m"}"#.utf8))
        #expect(response.status == 200)
        #expect(response.body == exchange.responseBody)

        kill(process.processIdentifier, SIGTERM)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread {
                process.waitUntilExit()
                continuation.resume()
            }.start()
        }
        #expect(process.terminationStatus == 0)
    }

    @Test func matchSessionReplaysOneRecordedRunInOrder() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("rec.sqlite").path
        var runExchanges: [RecordedExchange] = []
        for (index, name) in ["first", "second"].enumerated() {
            var exchange = ReplayFixtures.streaming(
                id: "c0ffee000\(index)", startedAt: Int64(index) * 2_000_000_000, body: #"{"turn":"\#(name)"}"#,
                events: ["event: \(name)\ndata: {}\n\n"])
            exchange.summary.requestHeaders = [HeaderField(name: "X-Claude-Code-Session-Id", value: "run-a")]
            runExchanges.append(exchange)
        }
        let outsider = ReplayFixtures.streaming(
            id: "c0ffee0009", startedAt: 1_000_000_000, body: #"{"turn":"outsider"}"#,
            events: ["event: outsider\ndata: {}\n\n"])
        let sessionID: String
        do {
            let store = try TapedeckStore(path: database)
            try store.insert(runExchanges + [outsider])
            sessionID = try #require(try store.sessions().first { $0.summary.key == "claude-code:run-a" }?.summary.id)
            try store.close()
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.binary())
        process.arguments = [
            "serve", "--db", database, "--listen", "127.0.0.1:0", "--instant", "--match",
            "session:\(sessionID.prefix(6))",
        ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let banner = try #require(
            await Self.firstLine(of: errors.fileHandleForReading) { $0.contains("http://127.0.0.1:") },
            "no banner from tapedeck serve")
        #expect(banner.hasPrefix("tapedeck serve: 2 exchanges from "))
        #expect(banner.contains("match session:\(sessionID)"))
        let portText = try #require(banner.split(separator: "http://127.0.0.1:").last?.prefix { $0.isNumber })
        let port = try #require(Int(portText))

        let second = try await RawHTTP.exchange(port: port, body: Array(#"{"turn": "second"}"#.utf8))
        #expect(second.body == runExchanges[1].responseBody, "a matching request gets its own turn")
        let unmatched = try await RawHTTP.exchange(port: port, body: Array(#"{"turn":"outsider"}"#.utf8))
        #expect(unmatched.body == runExchanges[0].responseBody, "another session's exchange is never served")
        #expect(try await RawHTTP.exchange(port: port).status == 404)
        process.terminate()
    }

    @Test func refusesANonLoopbackAddressWithoutAllowRemote() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.binary())
        process.arguments = [
            "serve", "--db", directory.appendingPathComponent("none.sqlite").path, "--listen", "0.0.0.0:0",
        ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = await Self.firstLine(of: errors.fileHandleForReading) { $0.contains("allow-remote") }
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(message != nil)
    }
}

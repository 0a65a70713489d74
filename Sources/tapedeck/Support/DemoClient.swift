import Foundation
import TapedeckCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The demo's own HTTP client: posts a recorded request through the proxy and reads the whole
/// answer, so the demo needs neither a key nor the Python SDK.
struct DemoClient: Sendable {
    /// What one request came back with, as the user-facing line the demo prints.
    struct Result: Sendable {
        var label: String
        var status: Int?
        var bytes: Int
        var failure: String?
        /// The response body, for a client that continues the conversation.
        var body: [UInt8] = []
    }

    let baseURL: URL

    /// Sends `body` to POST /v1/messages, asking the mock upstream for `scenario`, with extra `headers`.
    func send(label: String, scenario: String, body: [UInt8], headers: [(String, String)] = []) async -> Result {
        var request = URLRequest(url: baseURL.appendingPathComponent("v1/messages"))
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.timeoutInterval = 30
        request.setValue("application/json", forHTTPHeaderField: "content-type")
        request.setValue("2023-06-01", forHTTPHeaderField: "anthropic-version")
        // A fake key: the proxy must redact it before anything reaches disk.
        request.setValue("sk-ant-demo-0000000000000000", forHTTPHeaderField: "x-api-key")
        request.setValue(scenario, forHTTPHeaderField: "x-mock-scenario")
        request.setValue("tapedeck-demo/\(TapedeckVersion.string)", forHTTPHeaderField: "user-agent")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode
            return Result(label: label, status: status, bytes: data.count, failure: nil, body: [UInt8](data))
        } catch {
            return Result(label: label, status: nil, bytes: 0, failure: "\(error.localizedDescription)")
        }
    }
}

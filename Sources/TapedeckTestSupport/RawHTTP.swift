import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A deliberately dumb HTTP/1.1 client over a raw socket, so tests see the exact wire bytes
/// (chunk boundaries, a missing terminating chunk) that higher-level clients hide.
public enum RawHTTP {
    /// A socket call failed or the answer is not HTTP.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    /// Sends one request with `Connection: close` and returns everything read until EOF.
    /// Runs on its own thread so blocking reads never occupy the concurrency pool.
    public static func exchange(
        port: Int, method: String = "POST", path: String = "/v1/messages", headers: [(String, String)] = [],
        body: [UInt8] = []
    ) async throws -> RawResponse {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        request += "Content-Length: \(body.count)\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8) + body
        let (raw, nanos): ([UInt8], UInt64) = try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try blockingExchange(port: port, request: bytes) })
            }
            thread.start()
        }
        var response = try RawResponse(raw)
        response.nanosToLastByte = nanos
        return response
    }

    /// The bytes read until EOF and the nanoseconds from the first send to that EOF.
    private static func blockingExchange(port: Int, request: [UInt8]) throws -> ([UInt8], UInt64) {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect to 127.0.0.1:\(port) failed") }
        let start = DispatchTime.now().uptimeNanoseconds
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw Failure(description: "send failed") }
            sent += count
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { break }
            if count < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK { throw Failure(description: "read timed out") }
                break  // ECONNRESET: the server aborted; what arrived is the answer.
            }
            received.append(contentsOf: buffer[0..<count])
        }
        return (received, DispatchTime.now().uptimeNanoseconds - start)
    }
}

/// A parsed raw response: head, and the body decoded from content-length or chunked framing.
public struct RawResponse: CustomStringConvertible, Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    /// The decoded body (chunk payloads concatenated).
    public var body: [UInt8]
    /// Sizes of the chunks as sent (empty when not chunked).
    public var chunkSizes: [Int]
    /// Whether the body was properly finished (terminating zero chunk, or full content-length).
    public var isComplete: Bool
    /// The bytes after the head exactly as received.
    public var rawBody: [UInt8]
    /// Nanoseconds from sending the request to reading its last byte (0 when parsed from bytes alone).
    public var nanosToLastByte: UInt64 = 0

    /// Parses a response read off the wire.
    public init(_ raw: [UInt8]) throws {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let headEnd = raw.firstRange(of: separator) else {
            throw RawHTTP.Failure(description: "no response head in \(raw.count) bytes")
        }
        let headLines = String(decoding: raw[..<headEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = headLines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw RawHTTP.Failure(description: "bad status line \(headLines[0])")
        }
        self.status = status
        self.headers = headLines.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (
                String(line[..<colon]).lowercased(),
                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            )
        }
        let rest = Array(raw[headEnd.upperBound...])
        self.rawBody = rest
        self.chunkSizes = []
        if headers.contains(where: { $0.name == "transfer-encoding" && $0.value.lowercased() == "chunked" }) {
            var body: [UInt8] = []
            var index = 0
            var complete = false
            while let lineEnd = rest[index...].firstRange(of: Array("\r\n".utf8)) {
                let sizeText = String(decoding: rest[index..<lineEnd.lowerBound], as: UTF8.self)
                guard let size = Int(sizeText, radix: 16) else { break }
                let start = lineEnd.upperBound
                if size == 0 {
                    complete = rest.count >= start + 2
                    break
                }
                guard rest.count >= start + size + 2 else {
                    body.append(contentsOf: rest[start...])
                    break
                }
                body.append(contentsOf: rest[start..<start + size])
                chunkSizes.append(size)
                index = start + size + 2
            }
            self.body = body
            self.isComplete = complete
        } else if let length = headers.first(where: { $0.name == "content-length" }).flatMap({ Int($0.value) }) {
            self.body = Array(rest.prefix(length))
            self.isComplete = rest.count >= length
        } else {
            self.body = rest
            self.isComplete = false
        }
    }

    public var description: String {
        "HTTP \(status), \(body.count) body bytes, chunks \(chunkSizes), complete: \(isComplete)"
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? { headers.first { $0.name == name.lowercased() }?.value }
}

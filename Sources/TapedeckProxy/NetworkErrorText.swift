import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Network errors as words for people: "connection refused", not the library's nested type dump.
enum NetworkErrorText {
    /// A short phrase for `error`: the system's words for its errno when it has one (a refused or timed-out
    /// connect, an address in use), a sentence for DNS and TLS failures, else the error as it describes itself.
    static func phrase(_ error: any Error) -> String {
        if let code = errnoCode(of: error) { return String(cString: strerror(code)).lowercased() }
        if let connection = error as? NIOConnectionError {
            if connection.connectionErrors.isEmpty && (connection.dnsAError != nil || connection.dnsAAAAError != nil) {
                return "the host name \(connection.host) could not be resolved"
            }
        }
        if let channel = error as? ChannelError, case .connectTimeout = channel { return "the connection timed out" }
        if isTLSError(error) { return "the TLS handshake failed (\(error))" }
        return String(describing: error)
    }

    /// Whether `error` comes from the TLS layer (swift-nio-ssl or BoringSSL under it).
    static func isTLSError(_ error: any Error) -> Bool {
        error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError
    }

    /// The errno behind `error`, looking inside a failed connect's attempts.
    static func errnoCode(of error: any Error) -> Int32? {
        if let io = error as? IOError { return io.errnoCode }
        if let connection = error as? NIOConnectionError {
            for attempt in connection.connectionErrors {
                if let code = errnoCode(of: attempt.error) { return code }
            }
        }
        return nil
    }
}

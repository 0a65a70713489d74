import Foundation

/// What a finished process printed and how it exited.
public struct ProcessOutput: Sendable {
    /// The exit status (or the signal number when `terminatedBySignal`).
    public var status: Int32
    /// Everything written to stdout, byte for byte.
    public var stdoutData: Data
    /// Everything written to stderr.
    public var stderrData: Data
    /// Whether a signal ended the process rather than an exit call.
    public var terminatedBySignal: Bool

    /// stdout as UTF-8 text.
    public var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    /// stdout as UTF-8 text (the name reads better where the output is a document).
    public var text: String { stdout }
    /// stderr as UTF-8 text.
    public var stderr: String { String(decoding: stderrData, as: UTF8.self) }
    /// stdout as bytes.
    public var bytes: [UInt8] { [UInt8](stdoutData) }
}

extension ProcessOutput {
    /// The output itself when the process exited 0; otherwise an error carrying its stderr, for helpers whose
    /// failure is the test's precondition failing rather than the thing under test.
    public func requireSuccess(_ what: String) throws -> ProcessOutput {
        guard status == 0, !terminatedBySignal else {
            throw TestSupportError("\(what) exited with \(status): \(stderr)")
        }
        return self
    }
}

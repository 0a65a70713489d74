import TapedeckCore

/// The `request_body_sha256` column: what makes two requests "the same" for retry linking.
enum RequestFingerprint {
    /// SHA-256 (hex) of the canonical request body, so key order and whitespace do not matter.
    static func bodySHA256(_ body: [UInt8]) -> String {
        SHA256.hex(CanonicalBody.bytes(body))
    }
}

import Foundation

/// Helpers for carrying bytes inside JSON documents: text when the bytes are UTF-8, base64 otherwise.
enum ByteText {
    /// The bytes as a String when they are valid UTF-8 that survives a round trip unchanged.
    static func utf8(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        return Array(text.utf8) == bytes ? text : nil
    }

    /// Standard base64 with padding.
    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// Decodes standard base64; nil when it is not valid base64.
    static func fromBase64(_ text: String) -> [UInt8]? {
        Data(base64Encoded: text).map { [UInt8]($0) }
    }
}

import Foundation

/// The request identity used by `--match body`: method, path and the body with JSON key order and
/// whitespace ignored.
///
/// Kept private to serve (over Foundation's JSONSerialization with sorted keys) so matching works
/// whatever the shape of Core's JSON value; non-JSON bodies compare byte for byte.
enum RequestCanonicalizer {
    static func key(method: String, path: String, body: [UInt8]) -> String {
        "\(method.uppercased()) \(path)\n" + canonicalBody(body)
    }

    static func canonicalBody(_ body: [UInt8]) -> String {
        let data = Data(body)
        if let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            JSONSerialization.isValidJSONObject(object),
            let canonical = try? JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        {
            return "json:" + String(decoding: canonical, as: UTF8.self)
        }
        return "raw:" + data.base64EncodedString()
    }
}

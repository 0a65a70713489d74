/// The `delta` of a `content_block_delta` event; unknown delta types are kept verbatim.
public enum ContentDelta: Sendable, Hashable {
    /// `text_delta`: more text.
    case text(String)
    /// `input_json_delta`: a fragment of the tool input JSON, cut anywhere.
    case inputJSON(partialJSON: String)
    /// `thinking_delta`: more thinking.
    case thinking(String)
    /// `signature_delta`: the thinking block's signature.
    case signature(String)
    /// `citations_delta`: one citation, kept as sent.
    case citations(JSONValue)
    /// Any other delta type, verbatim.
    case unknown(type: String, raw: JSONObject)

    /// Reads a delta object; a known type without its payload field is an error (returned, not thrown).
    public static func decode(_ object: JSONObject) -> Result<ContentDelta, DecodingFailure> {
        let type = object["type"]?.stringValue ?? ""
        func string(_ key: String) -> Result<String, DecodingFailure> {
            guard let value = object[key]?.stringValue else {
                return .failure(DecodingFailure("\(type) without a string \"\(key)\""))
            }
            return .success(value)
        }
        switch type {
        case "text_delta": return string("text").map(ContentDelta.text)
        case "input_json_delta": return string("partial_json").map { .inputJSON(partialJSON: $0) }
        case "thinking_delta": return string("thinking").map(ContentDelta.thinking)
        case "signature_delta": return string("signature").map(ContentDelta.signature)
        case "citations_delta":
            guard let citation = object["citation"] else {
                return .failure(DecodingFailure("citations_delta without a \"citation\""))
            }
            return .success(.citations(citation))
        default: return .success(.unknown(type: type, raw: object))
        }
    }

    /// The delta's `type` as the API names it.
    public var type: String {
        switch self {
        case .text: "text_delta"
        case .inputJSON: "input_json_delta"
        case .thinking: "thinking_delta"
        case .signature: "signature_delta"
        case .citations: "citations_delta"
        case .unknown(let type, _): type
        }
    }

    /// The delta in the API's JSON shape (unknown deltas exactly as received).
    public var json: JSONObject {
        switch self {
        case .text(let text): ["type": "text_delta", "text": .string(text)]
        case .inputJSON(let partial): ["type": "input_json_delta", "partial_json": .string(partial)]
        case .thinking(let thinking): ["type": "thinking_delta", "thinking": .string(thinking)]
        case .signature(let signature): ["type": "signature_delta", "signature": .string(signature)]
        case .citations(let citation): ["type": "citations_delta", "citation": citation]
        case .unknown(_, let raw): raw
        }
    }
}

extension ContentDelta: Codable {
    /// Decodes the API's delta object.
    public init(from decoder: any Decoder) throws {
        switch Self.decode(try JSONObject(from: decoder)) {
        case .success(let delta): self = delta
        case .failure(let failure):
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: failure.reason))
        }
    }

    /// Encodes the API's delta object.
    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}

/// Why a JSON payload could not be read as the event it claims to be.
public struct DecodingFailure: Error, Sendable, Hashable {
    /// What was wrong, in words.
    public var reason: String

    /// Creates a failure.
    public init(_ reason: String) { self.reason = reason }
}

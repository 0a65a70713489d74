/// Reading events from SSE: the JSON-based fast path the recorder and assembler use.
extension StreamEvent {
    /// Decodes one SSE event; never fails (see `.malformed` and `.unknown`).
    public init(_ event: SSEEvent) {
        self = Self.decodeWithJSON(event).event
    }

    /// Decodes an event from its type and parsed data.
    public init(type: String, json: JSONValue) {
        self = Self.decode(type: type, json: json)
    }

    /// Decodes and also returns the parsed data, so the assembler can keep raw objects without parsing twice.
    static func decodeWithJSON(_ sse: SSEEvent) -> (event: StreamEvent, json: JSONValue?) {
        let json: JSONValue
        do {
            // From the UTF-8 in place: a large event's text is not made into a string only to be parsed.
            json = try sse.payload.withDataUTF8 { bytes throws(JSONParseError) in try JSONValue.parse(bytes: bytes) }
        } catch {
            return (.malformed(type: sse.type, data: sse.data, reason: error.description), nil)
        }
        // The SSE `event:` field names the type, as the SDK dispatches on it; the data's own "type"
        // is the fallback for streams that omit the field.
        let type = sse.event ?? json["type"]?.stringValue ?? sse.type
        // The data text only when a malformed event needs it: made eagerly, a 50 MB delta's text was a third copy.
        return (decode(type: type, json: json, data: { sse.data }), json)
    }

    private static func decode(type: String, json: JSONValue, data: (() -> String)? = nil) -> StreamEvent {
        func malformed(_ reason: String) -> StreamEvent {
            .malformed(type: type, data: data?() ?? json.serialized(), reason: reason)
        }
        switch type {
        case "ping":
            return .ping
        case "message_stop":
            return .messageStop
        case "message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta",
            "error":
            break
        default:
            return .unknown(type: type, json: json)
        }
        guard let object = json.objectValue else {
            return malformed("\(type) data is a JSON \(json.typeName), not an object")
        }
        switch type {
        case "message_start":
            guard let message = object["message"]?.objectValue else {
                return malformed("message_start without a \"message\" object")
            }
            return .messageStart(MessageStart(message: message))
        case "message_delta":
            return .messageDelta(MessageDelta(event: object))
        case "error":
            let error = object["error"]?.objectValue
            return .error(
                APIErrorInfo(
                    type: error?["type"]?.stringValue ?? "unknown_error",
                    message: error?["message"]?.stringValue ?? (data?() ?? json.serialized())))
        default:
            break
        }
        guard let index = object["index"]?.intValue, index >= 0 else {
            return malformed("\(type) without a non-negative integer \"index\"")
        }
        switch type {
        case "content_block_start":
            guard let block = object["content_block"]?.objectValue else {
                return malformed("content_block_start without a \"content_block\" object")
            }
            return .contentBlockStart(index: index, block: ContentBlock(json: block))
        case "content_block_delta":
            guard let deltaObject = object["delta"]?.objectValue else {
                return malformed("content_block_delta without a \"delta\" object")
            }
            switch ContentDelta.decode(deltaObject) {
            case .success(let delta): return .contentBlockDelta(index: index, delta: delta)
            case .failure(let failure): return malformed(failure.reason)
            }
        default:
            return .contentBlockStop(index: index)
        }
    }

    /// The event's data in the API's JSON shape (unknown events as received; malformed ones as a
    /// tapedeck record with the data string and reason).
    public var json: JSONValue {
        switch self {
        case .messageStart(let start):
            return ["type": "message_start", "message": .object(start.message)]
        case .contentBlockStart(let index, let block):
            return [
                "type": "content_block_start", "index": .number(JSONNumber(index)),
                "content_block": .object(block.json),
            ]
        case .contentBlockDelta(let index, let delta):
            return ["type": "content_block_delta", "index": .number(JSONNumber(index)), "delta": .object(delta.json)]
        case .contentBlockStop(let index):
            return ["type": "content_block_stop", "index": .number(JSONNumber(index))]
        case .messageDelta(let delta):
            var object: JSONObject = ["type": "message_delta", "delta": .object(delta.delta)]
            if let usage = delta.usage { object["usage"] = .object(usage.fields) }
            return .object(object)
        case .messageStop:
            return ["type": "message_stop"]
        case .ping:
            return ["type": "ping"]
        case .error(let info):
            return ["type": "error", "error": ["type": .string(info.type), "message": .string(info.message)]]
        case .unknown(_, let json):
            return json
        case .malformed(let type, let data, let reason):
            return [
                "type": .string(type), Self.malformedMarker: true, "data": .string(data), "reason": .string(reason),
            ]
        }
    }

    /// Marks an encoded `.malformed` event so decoding restores it.
    static let malformedMarker = "tapedeck_malformed"
}

extension StreamEvent: Codable {
    /// Decodes the API's event object (the `type` member selects the case).
    public init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        let type = json["type"]?.stringValue ?? ""
        if json[Self.malformedMarker]?.boolValue == true {
            self = .malformed(
                type: type, data: json["data"]?.stringValue ?? "", reason: json["reason"]?.stringValue ?? "")
        } else {
            self = Self.decode(type: type, json: json)
        }
    }

    /// Encodes the API's event object.
    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}

/// A 128-bit digest of a message list prefix: what the grouping index keys on, so it never holds conversations.
public struct ConversationDigest: Sendable, Hashable, CustomStringConvertible {
    /// The first 16 bytes of a SHA-256, as two words.
    public let high: UInt64
    /// The second half.
    public let low: UInt64

    init(sha256 digest: [UInt8]) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        for byte in digest.prefix(8) { high = high << 8 | UInt64(byte) }
        for byte in digest.dropFirst(8).prefix(8) { low = low << 8 | UInt64(byte) }
        self.high = high
        self.low = low
    }

    /// The digest of the empty conversation, where every chain starts.
    static let empty = ConversationDigest(sha256: SHA256.digest(Array("tapedeck-conversation-v1".utf8)))

    /// The digest of this prefix followed by `message` (a normalised message, see `ConversationMessage`).
    func appending(_ message: JSONValue) -> ConversationDigest {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: high >> shift)) }
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: low >> shift)) }
        bytes.append(contentsOf: message.serializedBytes(sortedKeys: true))
        return ConversationDigest(sha256: SHA256.digest(bytes))
    }

    public var description: String { hex(high) + hex(low) }

    private func hex(_ word: UInt64) -> String {
        let digits = String(word, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// The canonical form of one message for comparing conversations: what a client re-sends of an answer is the
/// same content whatever it added or dropped on the way (prompt-cache markers, nulls, thinking blocks that
/// clients may strip from earlier turns, a string for a single text block).
public enum ConversationMessage {
    /// `message` in canonical form, or nil when it is not a message object.
    public static func normalized(_ message: JSONValue) -> JSONValue? {
        guard let role = message["role"]?.stringValue else { return nil }
        return normalized(role: role, content: message["content"] ?? .array([]))
    }

    /// The canonical message for `role` with `content` (a string or a list of blocks).
    public static func normalized(role: String, content: JSONValue) -> JSONValue {
        let blocks: [JSONValue]
        switch content {
        case .string(let text): blocks = [.object(["type": "text", "text": .string(text)])]
        case .array(let list): blocks = list.compactMap(normalizedBlock)
        default: blocks = [content]
        }
        return .object(["role": .string(role), "content": .array(blocks)])
    }

    private static let droppedBlockTypes: Set<String> = ["thinking", "redacted_thinking"]

    private static func normalizedBlock(_ block: JSONValue) -> JSONValue? {
        guard case .object(let object) = block else { return block }
        if let type = object["type"]?.stringValue, droppedBlockTypes.contains(type) { return nil }
        var kept = JSONObject()
        for (key, value) in object {
            if key == "cache_control" || value.isNull { continue }
            if key == "citations", value.arrayValue?.isEmpty == true { continue }
            kept[key] = value
        }
        return .object(kept)
    }
}

/// A request's conversation as the grouping rules see it: the digest of every prefix of its message list.
public struct RequestConversation: Sendable, Hashable {
    /// `prefixDigests[k]` is the digest of the first `k` messages (`prefixDigests[0]` is the empty conversation).
    public let prefixDigests: [ConversationDigest]

    /// Number of messages in the request.
    public var messageCount: Int { prefixDigests.count - 1 }

    /// The conversation of a Messages API request body, or nil when it has no `messages` list.
    public init?(body: JSONValue?) {
        guard let messages = body?["messages"]?.arrayValue else { return nil }
        var digests = [ConversationDigest.empty]
        digests.reserveCapacity(messages.count + 1)
        for message in messages {
            let canonical = ConversationMessage.normalized(message) ?? message
            digests.append(digests[digests.count - 1].appending(canonical))
        }
        prefixDigests = digests
    }

    /// The digest a later request's prefix has when it re-sends this conversation followed by the answer
    /// (`content`: the assembled assistant message's content blocks).
    public func continuation(withAnswer content: JSONValue) -> ConversationDigest {
        prefixDigests[prefixDigests.count - 1].appending(
            ConversationMessage.normalized(role: "assistant", content: content))
    }
}

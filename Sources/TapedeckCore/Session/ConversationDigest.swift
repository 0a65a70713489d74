/// A 64-bit digest of a message-list prefix: what the grouping index keys on, so it never holds conversations.
/// Built with `StableHasher` (SipHash-2-4 with a fixed key) over the canonical messages, so every process computes
/// the same value: a recorder stores the digest an exchange's continuation will start with
/// (`exchanges.continuation_digest`), and another recorder finds it there. Two different conversations share a
/// digest with odds near 2⁻⁶⁴ per pair, and a lookup only compares exchanges within the grouping window.
public struct ConversationDigest: Sendable, Hashable, CustomStringConvertible {
    /// The digest itself.
    public let value: Int

    /// A digest read back from where it was stored.
    public init(value: Int) {
        self.value = value
    }

    /// The digest of the empty conversation, where every chain starts.
    static let empty: ConversationDigest = {
        var hasher = StableHasher()
        hasher.combine("tapedeck-conversation")
        return ConversationDigest(value: hasher.finalize())
    }()

    /// The digest of this prefix followed by the message `role` / `content`, in canonical form.
    func appending(role: String, content: JSONValue) -> ConversationDigest {
        var hasher = StableHasher()
        hasher.combine(value)
        ConversationMessage.feed(role: role, content: content, into: &hasher)
        return ConversationDigest(value: hasher.finalize())
    }

    public var description: String {
        let digits = String(UInt64(bitPattern: Int64(value)), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// The canonical form of one message for comparing conversations: what a client re-sends of an answer is the
/// same content whatever it added or dropped on the way (prompt-cache markers, nulls, thinking blocks that
/// clients may strip from earlier turns, a string for a single text block).
public enum ConversationMessage {
    /// Block types left out of the comparison: clients may strip thinking from earlier turns.
    private static let droppedBlockTypes: Set<String> = ["thinking", "redacted_thinking"]

    /// Feeds the canonical form of a message into `hasher` without building it (no copy of the conversation):
    /// `content` as a list of blocks (a string is one text block), each block's members order-insensitively,
    /// without `cache_control`, null members, empty `citations` and thinking blocks. Equal canonical forms feed
    /// equal values.
    static func feed(role: String, content: JSONValue, into hasher: inout StableHasher) {
        hasher.combine(role)
        var blocks = 0
        switch content {
        case .string(let text):
            var type = StableHasher()
            type.combine("type")
            JSONValue.string("text").feed(into: &type)
            var body = StableHasher()
            body.combine("text")
            JSONValue.string(text).feed(into: &body)
            hasher.combine(2)
            hasher.combine(type.finalize() ^ body.finalize())
            blocks = 1
        case .array(let list):
            for item in list {
                guard case .object(let object) = item else {
                    item.feed(into: &hasher)
                    blocks += 1
                    continue
                }
                if let type = object["type"]?.stringValue, droppedBlockTypes.contains(type) { continue }
                var kept = 0
                var combined = 0
                for (key, value) in object {
                    if key == "cache_control" || value.isNull { continue }
                    if key == "citations", value.arrayValue?.isEmpty == true { continue }
                    var member = StableHasher()
                    member.combine(key)
                    value.feed(into: &member)
                    combined ^= member.finalize()
                    kept += 1
                }
                hasher.combine(kept)
                hasher.combine(combined)
                blocks += 1
            }
        default:
            content.feed(into: &hasher)
            blocks = 1
        }
        hasher.combine(blocks)
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
            let role = message["role"]?.stringValue ?? ""
            digests.append(digests[digests.count - 1].appending(role: role, content: message["content"] ?? .array([])))
        }
        prefixDigests = digests
    }

    /// The digest a later request's prefix has when it re-sends this conversation followed by the answer
    /// (`content`: the assembled assistant message's content blocks).
    public func continuation(withAnswer content: JSONValue) -> ConversationDigest {
        prefixDigests[prefixDigests.count - 1].appending(role: "assistant", content: content)
    }
}

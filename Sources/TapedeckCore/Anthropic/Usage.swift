/// Token usage as the API reports it: the four counts typed, every other field kept as sent.
///
/// Backed by the JSON object itself so fields the API adds later (`server_tool_use`, `service_tier`,
/// `cache_creation`, ...) survive into exports and the assembled message unchanged.
public struct Usage: Sendable, Hashable, Codable {
    /// The usage object as sent (after merging, for an assembled message).
    public var fields: JSONObject

    /// Creates usage from the API's object.
    public init(_ fields: JSONObject = JSONObject()) {
        self.fields = fields
    }

    /// Creates usage from counts (for code and tests).
    public init(
        inputTokens: Int?, outputTokens: Int?, cacheCreationInputTokens: Int? = nil, cacheReadInputTokens: Int? = nil
    ) {
        fields = JSONObject()
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheCreationInputTokens = cacheCreationInputTokens
        self.cacheReadInputTokens = cacheReadInputTokens
    }

    /// `input_tokens`.
    public var inputTokens: Int? {
        get { fields["input_tokens"]?.intValue }
        set { fields["input_tokens"] = newValue.map { .number(JSONNumber($0)) } }
    }

    /// `output_tokens`.
    public var outputTokens: Int? {
        get { fields["output_tokens"]?.intValue }
        set { fields["output_tokens"] = newValue.map { .number(JSONNumber($0)) } }
    }

    /// `cache_creation_input_tokens`.
    public var cacheCreationInputTokens: Int? {
        get { fields["cache_creation_input_tokens"]?.intValue }
        set { fields["cache_creation_input_tokens"] = newValue.map { .number(JSONNumber($0)) } }
    }

    /// `cache_read_input_tokens`.
    public var cacheReadInputTokens: Int? {
        get { fields["cache_read_input_tokens"]?.intValue }
        set { fields["cache_read_input_tokens"] = newValue.map { .number(JSONNumber($0)) } }
    }

    /// Every field other than the four typed counts, in the order sent.
    public var other: JSONObject {
        var rest = fields
        for key in Self.typedKeys { rest.removeValue(forKey: key) }
        return rest
    }

    private static let typedKeys = [
        "input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens",
    ]

    /// Fields a `message_delta` may update, besides `output_tokens` which it always carries.
    private static let deltaKeys = [
        "input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens", "server_tool_use",
        "output_tokens_details",
    ]

    /// Folds a `message_delta`'s cumulative usage in, exactly as the Python SDK does: `output_tokens`
    /// overwrites; the input/cache counts, `server_tool_use` and `output_tokens_details` overwrite when
    /// present and not null (absent means "unchanged"); other delta fields are not merged.
    public mutating func merge(delta: Usage) {
        if let output = delta.fields["output_tokens"] { fields["output_tokens"] = output }
        for key in Self.deltaKeys {
            if let value = delta.fields[key], !value.isNull { fields[key] = value }
        }
    }
}

extension RecordedEvent {
    /// The event's type, with the delta or block type for content events: `content_block_delta (text_delta)`; the
    /// words the terminal's status line and the HTML replay both show.
    public var label: String {
        guard type.hasPrefix("content_block"), data.utf8.count < 4096, let value = try? JSONValue.parse(data)
        else { return type }
        if let delta = value["delta"]?["type"]?.stringValue { return "\(type) (\(delta))" }
        if let block = value["content_block"]?["type"]?.stringValue { return "\(type) (\(block))" }
        return type
    }
}

extension JSONValue {
    /// Feeds the value's canonical form into any sink, consistent with `==` (objects unordered, numbers by exact
    /// value): what a digest that must be equal in every process (`StableHasher`) hashes.
    public func feed<Sink: HashSink>(into hasher: inout Sink) {
        switch self {
        case .null:
            hasher.combine(0 as UInt8)
        case .bool(let value):
            hasher.combine(1 as UInt8)
            hasher.combine(value)
        case .number(let number):
            hasher.combine(2 as UInt8)
            number.feed(into: &hasher)
        case .string(let text):
            hasher.combine(3 as UInt8)
            hasher.combine(text)
        case .array(let items):
            hasher.combine(4 as UInt8)
            hasher.combine(items.count)
            for item in items { item.feed(into: &hasher) }
        case .object(let object):
            hasher.combine(5 as UInt8)
            object.feed(into: &hasher)
        }
    }
}

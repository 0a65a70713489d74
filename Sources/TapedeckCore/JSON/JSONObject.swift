/// A JSON object that keeps its keys in the order they were sent, so payloads print as the API wrote them.
///
/// Setting an existing key keeps its position; a duplicate key while parsing keeps the first position
/// and the last value. Equality (`==`) and hashing ignore key order, because JSON objects are unordered:
/// `{"a":1,"b":2} == {"b":2,"a":1}`. Small objects are searched linearly; larger ones get an index.
public struct JSONObject: Sendable {
    private var keyList: [String]
    private var valueList: [JSONValue]
    private var lookup: [String: Int]?

    /// Objects with more members than this get a dictionary index.
    private static let indexThreshold = 12

    /// Creates an empty object.
    public init() {
        keyList = []
        valueList = []
        lookup = nil
    }

    /// Creates an empty object with room for `capacity` members (the parser's small-object fast path).
    init(reservingCapacity capacity: Int) {
        self.init()
        keyList.reserveCapacity(capacity)
        valueList.reserveCapacity(capacity)
    }

    /// Creates an object from key/value pairs in order; a repeated key keeps its first position and last value.
    public init(_ pairs: [(String, JSONValue)]) {
        self.init()
        keyList.reserveCapacity(pairs.count)
        valueList.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    /// Number of members.
    public var count: Int { keyList.count }

    /// Whether there are no members.
    public var isEmpty: Bool { keyList.isEmpty }

    /// Keys in order.
    public var keys: [String] { keyList }

    /// Values in key order.
    public var values: [JSONValue] { valueList }

    /// The member for `key`; assigning nil removes it, assigning a value keeps an existing key's position.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let position = position(of: key) else { return nil }
            return valueList[position]
        }
        set {
            if let newValue {
                setValue(newValue, forKey: key)
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Whether `key` is present (even with a `null` value).
    public func contains(_ key: String) -> Bool { position(of: key) != nil }

    /// Sets `key` to `value`, appending it when new.
    public mutating func setValue(_ value: JSONValue, forKey key: String) {
        if let position = position(of: key) {
            valueList[position] = value
            return
        }
        keyList.append(key)
        valueList.append(value)
        if lookup != nil {
            lookup?[key] = keyList.count - 1
        } else if keyList.count > Self.indexThreshold {
            rebuildLookup()
        }
    }

    /// Removes `key` and returns its value, if present.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let position = position(of: key) else { return nil }
        keyList.remove(at: position)
        let value = valueList.remove(at: position)
        if lookup != nil { rebuildLookup() }
        return value
    }

    private func position(of key: String) -> Int? {
        if let lookup { return lookup[key] }
        for position in keyList.indices where keyList[position] == key { return position }
        return nil
    }

    private mutating func rebuildLookup() {
        guard keyList.count > Self.indexThreshold else {
            lookup = nil
            return
        }
        var index: [String: Int] = [:]
        index.reserveCapacity(keyList.count)
        for (position, key) in keyList.enumerated() { index[key] = position }
        lookup = index
    }
}

extension JSONObject: Sequence {
    /// Walks the members in order.
    public struct Iterator: IteratorProtocol {
        fileprivate let keys: [String]
        fileprivate let values: [JSONValue]
        fileprivate var position = 0

        /// The next `(key, value)` pair, or nil at the end.
        public mutating func next() -> (key: String, value: JSONValue)? {
            guard position < keys.count else { return nil }
            defer { position += 1 }
            return (keys[position], values[position])
        }
    }

    /// Members in order as `(key, value)` pairs.
    public func makeIterator() -> Iterator { Iterator(keys: keyList, values: valueList) }
}

extension JSONObject: Hashable {
    /// Order-insensitive: the same keys with equal values.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for position in lhs.keyList.indices {
            guard let other = rhs[lhs.keyList[position]], other == lhs.valueList[position] else { return false }
        }
        return true
    }

    /// Order-insensitive, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        var combined = 0
        for position in keyList.indices {
            var member = Hasher()
            member.combine(keyList[position])
            member.combine(valueList[position])
            combined ^= member.finalize()
        }
        hasher.combine(combined)
    }

    /// Feeds the object's canonical form into any sink: its member count and, order-insensitively, its members.
    public func feed<Sink: HashSink>(into hasher: inout Sink) {
        hasher.combine(count)
        var combined = 0
        for position in keyList.indices {
            var member = Sink()
            member.combine(keyList[position])
            valueList[position].feed(into: &member)
            combined ^= member.finalize()
        }
        hasher.combine(combined)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Creates an object from a literal, keeping the literal's key order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}

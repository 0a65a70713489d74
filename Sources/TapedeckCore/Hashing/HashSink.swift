/// Where JSON's canonical hashing feeds its parts: Swift's `Hasher` for sets and dictionaries in one process, and
/// `StableHasher` for digests that are stored and compared between processes. One feed serves both, so the two
/// can never disagree on what counts as equal JSON.
public protocol HashSink {
    /// An empty sink (an object's members are hashed each in a sink of its own, then combined order-insensitively).
    init()
    /// Feeds an integer.
    mutating func combine(_ value: Int)
    /// Feeds one byte.
    mutating func combine(_ value: UInt8)
    /// Feeds a flag.
    mutating func combine(_ value: Bool)
    /// Feeds a string (its boundaries included).
    mutating func combine(_ value: String)
    /// The value of everything fed.
    consuming func finalize() -> Int
}

extension StableHasher: HashSink {}

extension Hasher: HashSink {}

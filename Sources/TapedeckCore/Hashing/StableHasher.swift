/// SipHash-2-4 with a fixed key: a 64-bit digest that is the same in every process and on every machine, so it
/// can be stored and compared by recorders that never met. Swift's `Hasher` is seeded per process, so its values
/// mean nothing outside it.
public struct StableHasher: Sendable {
    private var v0: UInt64
    private var v1: UInt64
    private var v2: UInt64
    private var v3: UInt64
    /// Bytes fed since the last full 8-byte word, little-endian.
    private var tail: UInt64 = 0
    private var tailCount = 0
    /// Every byte fed so far (its low byte goes into the last block, as SipHash asks).
    private var length: UInt64 = 0

    /// A hasher with tapedeck's key ("tapedeck-digest1"): changing it would change every stored digest.
    public init() {
        self.init(key0: 0x6b63_6564_6570_6174, key1: 0x3174_7365_6769_642d)
    }

    /// A hasher with key (`key0`, `key1`): the reference test vectors use 00 01 … 0f.
    init(key0: UInt64, key1: UInt64) {
        v0 = key0 ^ 0x736f_6d65_7073_6575
        v1 = key1 ^ 0x646f_7261_6e64_6f6d
        v2 = key0 ^ 0x6c79_6765_6e65_7261
        v3 = key1 ^ 0x7465_6462_7974_6573
    }

    /// Feeds the bytes of `buffer`.
    public mutating func combine(bytes buffer: UnsafeRawBufferPointer) {
        var index = 0
        let count = buffer.count
        while tailCount != 0, index < count {
            append(buffer[index])
            index += 1
        }
        while count - index >= 8 {
            compress(UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
            length &+= 8
            index += 8
        }
        while index < count {
            append(buffer[index])
            index += 1
        }
    }

    /// Feeds one byte.
    public mutating func combine(_ value: UInt8) {
        append(value)
    }

    /// Feeds `value` as 8 little-endian bytes.
    public mutating func combine(_ value: UInt64) {
        if tailCount == 0 {
            compress(value)
            length &+= 8
            return
        }
        withUnsafeBytes(of: value.littleEndian) { combine(bytes: $0) }
    }

    /// Feeds `value` as 8 bytes (the same on every 64-bit platform tapedeck runs on).
    public mutating func combine(_ value: Int) {
        combine(UInt64(bitPattern: Int64(value)))
    }

    /// Feeds `value` as one byte.
    public mutating func combine(_ value: Bool) {
        append(value ? 1 : 0)
    }

    /// Feeds `value`'s UTF-8 bytes followed by their count, so "ab"+"c" and "a"+"bc" differ.
    public mutating func combine(_ value: String) {
        var text = value
        let count = text.withUTF8 { bytes in
            combine(bytes: UnsafeRawBufferPointer(bytes))
            return bytes.count
        }
        combine(count)
    }

    /// The digest of everything fed (the hasher may be fed further; this does not end it).
    public func finalize() -> Int {
        var copy = self
        return Int(Int64(bitPattern: copy.finish()))
    }

    private mutating func finish() -> UInt64 {
        let last = (length << 56) | tail
        v3 ^= last
        round()
        round()
        v0 ^= last
        v2 ^= 0xff
        round()
        round()
        round()
        round()
        return v0 ^ v1 ^ v2 ^ v3
    }

    private mutating func append(_ byte: UInt8) {
        tail |= UInt64(byte) << (8 * UInt64(tailCount))
        tailCount += 1
        length &+= 1
        if tailCount == 8 {
            compress(tail)
            tail = 0
            tailCount = 0
        }
    }

    private mutating func compress(_ word: UInt64) {
        v3 ^= word
        round()
        round()
        v0 ^= word
    }

    @inline(__always)
    private mutating func round() {
        v0 &+= v1
        v1 = rotate(v1, 13)
        v1 ^= v0
        v0 = rotate(v0, 32)
        v2 &+= v3
        v3 = rotate(v3, 16)
        v3 ^= v2
        v0 &+= v3
        v3 = rotate(v3, 21)
        v3 ^= v0
        v2 &+= v1
        v1 = rotate(v1, 17)
        v1 ^= v2
        v2 = rotate(v2, 32)
    }

    @inline(__always)
    private func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }
}

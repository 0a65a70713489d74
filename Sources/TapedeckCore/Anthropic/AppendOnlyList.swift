import Foundation

/// An append-only list that is cheap to copy, so the assembler can hand out a snapshot after every event.
///
/// All copies share one storage and each sees only its own prefix (`count`). Appending from the copy
/// that owns the end of the storage is amortised O(1) however many snapshots are held; appending from
/// an older copy first forks its prefix into new storage, so value semantics hold. Storage access is
/// locked, so snapshots can be read on other threads while the owner appends.
public struct AppendOnlyList<Element: Sendable>: Sendable {
    private var storage: AppendOnlyStorage<Element>
    /// Number of elements this copy sees.
    public private(set) var count: Int

    /// Creates an empty list.
    public init() {
        storage = AppendOnlyStorage()
        count = 0
    }

    /// Creates a list holding `elements`.
    public init<S: Sequence>(_ elements: S) where S.Element == Element {
        self.init()
        append(contentsOf: elements)
    }

    /// Appends one element.
    public mutating func append(_ element: Element) {
        append(contentsOf: CollectionOfOne(element))
    }

    /// Appends several elements.
    public mutating func append<S: Sequence>(contentsOf elements: S) where S.Element == Element {
        if let newCount = storage.append(contentsOf: elements, ifCountIs: count) {
            count = newCount
            return
        }
        storage = storage.fork(prefix: count)
        count = storage.append(contentsOf: elements, ifCountIs: count) ?? count
    }

    /// The elements this copy sees, as an array.
    public var elements: [Element] { storage.withPrefix(count) { Array($0) } }

    /// Calls `body` with the elements this copy sees, without copying them.
    public func withElements<R>(_ body: (ArraySlice<Element>) throws -> R) rethrows -> R {
        try storage.withPrefix(count, body)
    }
}

extension AppendOnlyList: RandomAccessCollection {
    /// 0.
    public var startIndex: Int { 0 }
    /// `count`.
    public var endIndex: Int { count }
    /// The element at `position` (must be below `count`).
    public subscript(position: Int) -> Element {
        precondition(position >= 0 && position < count, "AppendOnlyList index out of range")
        return storage.element(at: position)
    }
}

extension AppendOnlyList: Equatable where Element: Equatable {
    /// Equal when both copies see equal elements.
    public static func == (lhs: AppendOnlyList, rhs: AppendOnlyList) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.storage === rhs.storage { return true }
        return lhs.elements == rhs.elements
    }
}

extension AppendOnlyList: Hashable where Element: Hashable {
    /// Hashes the elements this copy sees.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        withElements { for element in $0 { hasher.combine(element) } }
    }
}

extension AppendOnlyList: ExpressibleByArrayLiteral {
    /// Creates a list from a literal.
    public init(arrayLiteral elements: Element...) { self.init(elements) }
}

/// The shared, locked storage behind `AppendOnlyList`.
final class AppendOnlyStorage<Element: Sendable>: @unchecked Sendable {
    // Every access to `buffer` holds `lock`; that is what makes the unchecked Sendable sound.
    private let lock = NSLock()
    private var buffer: [Element] = []

    /// Appends when the caller's view ends where the storage ends, returning the new count; nil otherwise.
    func append<S: Sequence>(contentsOf elements: S, ifCountIs expected: Int) -> Int? where S.Element == Element {
        lock.lock()
        defer { lock.unlock() }
        guard buffer.count == expected else { return nil }
        buffer.append(contentsOf: elements)
        return buffer.count
    }

    /// New storage holding a copy of the first `prefix` elements.
    func fork(prefix: Int) -> AppendOnlyStorage {
        let copy = AppendOnlyStorage()
        copy.buffer = withPrefix(prefix) { Array($0) }
        return copy
    }

    func element(at position: Int) -> Element {
        lock.lock()
        defer { lock.unlock() }
        return buffer[position]
    }

    func withPrefix<R>(_ count: Int, _ body: (ArraySlice<Element>) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(buffer[0..<count])
    }
}

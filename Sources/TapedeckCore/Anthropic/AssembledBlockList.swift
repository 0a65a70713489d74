/// The content blocks of an assembled message, stored so a snapshot after every event costs O(1).
///
/// A plain `[AssembledBlock]` shared with a held snapshot is copied whole on the next delta (every
/// block, every reference in it): quadratic over a long exchange. Here blocks that are stopped, and
/// all blocks before them, move to append-only storage shared by all snapshots; only the open blocks
/// (usually one) live in a small array that a delta copies. A late change to a frozen block (a delta
/// after its stop) is kept as an override, which is rare and small.
public struct AssembledBlockList: Sendable, Hashable {
    private var frozen = AppendOnlyList<AssembledBlock>()
    private var live: [AssembledBlock] = []
    private var overrides: [Int: AssembledBlock] = [:]

    /// Creates an empty list.
    public init() {}

    /// Creates a list holding `blocks` (all kept open; used when content is replaced wholesale).
    public init(_ blocks: [AssembledBlock]) {
        live = blocks
    }

    /// Number of blocks.
    public var count: Int { frozen.count + live.count }

    /// The block at `position` (0-based in start order).
    public subscript(position: Int) -> AssembledBlock {
        if position >= frozen.count { return live[position - frozen.count] }
        return overrides[position] ?? frozen[position]
    }

    /// The last block, if any.
    public var last: AssembledBlock? { count == 0 ? nil : self[count - 1] }

    /// All blocks as an array (O(count)).
    public var blocks: [AssembledBlock] { (0..<count).map { self[$0] } }

    /// Appends a newly started block.
    public mutating func append(_ block: AssembledBlock) {
        live.append(block)
    }

    /// Changes the block at `position` in place.
    public mutating func modify<R>(at position: Int, _ body: (inout AssembledBlock) throws -> R) rethrows -> R {
        if position >= frozen.count { return try body(&live[position - frozen.count]) }
        var block = overrides[position] ?? frozen[position]
        defer { overrides[position] = block }
        return try body(&block)
    }

    /// Moves leading stopped blocks to the shared storage.
    public mutating func freezeStoppedPrefix() {
        var moved = 0
        while moved < live.count, live[moved].isStopped { moved += 1 }
        guard moved > 0 else { return }
        frozen.append(contentsOf: live[0..<moved])
        live.removeFirst(moved)
    }

    /// Equal when the blocks are equal, however they are stored.
    public static func == (lhs: AssembledBlockList, rhs: AssembledBlockList) -> Bool {
        lhs.count == rhs.count && lhs.blocks == rhs.blocks
    }

    /// Hashes the blocks.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(blocks)
    }
}

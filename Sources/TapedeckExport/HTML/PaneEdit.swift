import Foundation

/// One change to what the page shows, written into the page's data: a slot's whole item list, or one item's
/// text as "keep the first `keep` UTF-16 units, then append `tail`". Streams grow by appending, so an event
/// usually costs its own delta; a tool's pretty-printed parse changes only near its end.
enum PaneEdit: Encodable, Equatable {
    /// Slot `slot` now holds exactly these items (a block started, a line appeared, a style changed).
    case replace(slot: Int, items: [PaneItem])
    /// Item `item` of slot `slot` is its first `keep` UTF-16 units followed by `tail`.
    case edit(slot: Int, item: Int, keep: Int, tail: String)

    /// `[slot, [[pane, style, text], …]]` or `[slot, item, keep, tail]`: compact, told apart by the second element.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        switch self {
        case .replace(let slot, let items):
            try container.encode(slot)
            try container.encode(items)
        case .edit(let slot, let item, let keep, let tail):
            try container.encode(slot)
            try container.encode(item)
            try container.encode(keep)
            try container.encode(tail)
        }
    }
}

/// Remembers what each slot shows and turns a new item list into the edits that bring the page there.
struct PaneEditor {
    private var slots: [Int: [PaneItem]] = [:]
    /// UTF-16 length of each item's text, so an append costs only its tail.
    private var lengths: [Int: [Int]] = [:]

    /// The edits from what slot `slot` showed to `items` (none when nothing changed).
    mutating func update(slot: Int, to items: [PaneItem]) -> [PaneEdit] {
        let old = slots[slot] ?? []
        if old == items { return [] }
        let sameShape =
            old.count == items.count && zip(old, items).allSatisfy { $0.pane == $1.pane && $0.style == $1.style }
        guard sameShape, var known = lengths[slot] else {
            slots[slot] = items
            lengths[slot] = items.map { $0.text.utf16.count }
            return [.replace(slot: slot, items: items)]
        }
        var edits: [PaneEdit] = []
        for (index, (before, after)) in zip(old, items).enumerated() where before.text != after.text {
            let (keep, tail) = Self.difference(from: before.text, knownLength: known[index], to: after.text)
            edits.append(.edit(slot: slot, item: index, keep: keep, tail: tail))
            known[index] = keep + tail.utf16.count
        }
        slots[slot] = items
        lengths[slot] = known
        return edits
    }

    /// How `new` differs from `old`: the UTF-16 length of their common prefix (at a scalar boundary, so the page
    /// never splits a surrogate pair) and the rest of `new`. Compares bytes with memcmp: a text block's next
    /// state is the previous one plus a delta, and that check runs once per event on the whole text.
    static func difference(from old: String, knownLength: Int, to new: String) -> (keep: Int, tail: String) {
        var old = old
        var new = new
        return old.withUTF8 { before in
            new.withUTF8 { after in
                var common = 0
                if before.isEmpty {
                    common = 0
                } else if after.count >= before.count, let first = before.baseAddress, let second = after.baseAddress,
                    memcmp(first, second, before.count) == 0
                {
                    common = before.count
                } else {
                    let limit = min(before.count, after.count)
                    while common < limit, before[common] == after[common] { common += 1 }
                    while common > 0, common < after.count, after[common] & 0xC0 == 0x80 { common -= 1 }
                }
                let tail = String(decoding: UnsafeBufferPointer(rebasing: after[common...]), as: UTF8.self)
                if common == before.count { return (knownLength, tail) }
                let kept = String(decoding: UnsafeBufferPointer(rebasing: after[..<common]), as: UTF8.self)
                return (kept.utf16.count, tail)
            }
        }
    }
}

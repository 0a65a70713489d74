import Testing

@testable import TapedeckCore

/// The shared append-only storage that makes snapshots cheap must still behave as values.
@Suite struct MessageAssemblerStorageTests {
    @Test func copiesSeeOnlyTheirOwnPrefix() {
        var list: AppendOnlyList<Int> = [1, 2]
        let snapshot = list
        list.append(3)
        #expect(snapshot.elements == [1, 2])
        #expect(list.elements == [1, 2, 3])
        #expect(Array(snapshot) == [1, 2])
        #expect(snapshot != list)
    }

    @Test func appendingToAnOlderCopyForks() {
        var tip: AppendOnlyList<Int> = [1]
        var older = tip
        tip.append(2)
        older.append(9)
        tip.append(3)
        #expect(tip.elements == [1, 2, 3])
        #expect(older.elements == [1, 9])
        #expect(tip[1] == 2 && older[1] == 9)
    }

    @Test func growingTextSnapshotsAndForks() {
        var text = GrowingText("caf")
        let before = text
        text.append("é ☕")
        var fork = before
        fork.append("e")
        #expect(before.string == "caf")
        #expect(text.string == "café ☕")
        #expect(text.utf8Count == "café ☕".utf8.count)
        #expect(fork.string == "cafe")
        #expect(GrowingText("x") == GrowingText("x"))
    }

    @Test func aLargeFirstPieceIsKeptAsItIsAndEqualsTheSameTextAppendedInPieces() {
        let large = String(repeating: "é", count: GrowingText.adoptedBytes)
        var adopted = GrowingText()
        adopted.append(large)
        var pieces = GrowingText()
        for _ in 0..<4 { pieces.append(String(repeating: "é", count: GrowingText.adoptedBytes / 4)) }
        #expect(adopted.utf8Count == large.utf8.count)
        #expect(adopted == pieces && adopted.hashValue == pieces.hashValue)
        #expect(adopted.string == large)

        let snapshot = adopted
        adopted.append(" and more")
        #expect(adopted.string == large + " and more")
        #expect(adopted.utf8Count == large.utf8.count + 9)
        #expect(snapshot.string == large)
        pieces.append(" and more")
        #expect(adopted == pieces && adopted.hashValue == pieces.hashValue)
        #expect(adopted != snapshot)
        #expect(GrowingText(large) == snapshot)
        #expect(!GrowingText(large).isEmpty && GrowingText("").isEmpty)
    }

    @Test func snapshotsCanBeReadOnAnotherTaskWhileAssemblyContinues() async {
        var text = GrowingText()
        var snapshots: [GrowingText] = []
        for step in 0..<200 {
            text.append("\(step % 10)")
            snapshots.append(text)
        }
        let held = snapshots
        let reader = Task.detached { held.map(\.utf8Count).reduce(0, +) }
        for step in 0..<10_000 { text.append("\(step % 10)") }
        #expect(await reader.value == (1...200).reduce(0, +))
        #expect(text.utf8Count == 10_200)
    }

    @Test func blockListFreezesStoppedBlocksAndStillAcceptsLateChanges() {
        var list = AssembledBlockList()
        var first = AssembledBlock(index: 0, start: ["type": "text", "text": ""], startEventIndex: 1)
        first.stopEventIndex = 3
        list.append(first)
        list.append(AssembledBlock(index: 1, start: ["type": "text", "text": ""], startEventIndex: 4))
        list.freezeStoppedPrefix()
        let snapshot = list
        list.modify(at: 0) { $0.textStorage.append("late") }
        list.modify(at: 1) { $0.textStorage.append("live") }
        #expect(list[0].text == "late")
        #expect(list[1].text == "live")
        #expect(snapshot[0].text == "")
        #expect(snapshot[1].text == "")
        #expect(list.count == 2 && list.last?.index == 1)
        #expect(AssembledBlockList(list.blocks) == list)
    }
}

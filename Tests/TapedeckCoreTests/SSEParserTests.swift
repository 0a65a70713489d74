import Testing

@testable import TapedeckCore

/// Parses `chunks` in order and returns the events and the trailing fragment.
func parseSSE(_ chunks: [[UInt8]]) -> (events: [SSEEvent], trailing: SSETrailingFragment?) {
    var parser = SSEParser()
    var events: [SSEEvent] = []
    for chunk in chunks { events += parser.feed(chunk) }
    return (events, parser.finish())
}

func parseSSE(_ text: String) -> (events: [SSEEvent], trailing: SSETrailingFragment?) {
    parseSSE([Array(text.utf8)])
}

/// Every byte of `input` must reappear, in order, in the events' raw plus the trailing fragment,
/// with offsets that say where each piece started.
func expectLossless(
    _ input: [UInt8], _ result: (events: [SSEEvent], trailing: SSETrailingFragment?),
    sourceLocation: SourceLocation = #_sourceLocation
) {
    var rebuilt: [UInt8] = []
    for event in result.events {
        #expect(event.offset == rebuilt.count, sourceLocation: sourceLocation)
        #expect(!event.raw.isEmpty, sourceLocation: sourceLocation)
        rebuilt += event.raw
    }
    if let trailing = result.trailing {
        #expect(trailing.offset == rebuilt.count, sourceLocation: sourceLocation)
        #expect(!trailing.raw.isEmpty, sourceLocation: sourceLocation)
        rebuilt += trailing.raw
    }
    #expect(rebuilt == input, sourceLocation: sourceLocation)
}

@Suite("SSEParser rules")
struct SSEParserTests {
    @Test func lfLineEnds() {
        let input = "event: ping\ndata: {\"type\":\"ping\"}\n\n"
        let result = parseSSE(input)
        #expect(result.events.count == 1)
        #expect(result.events[0].event == "ping")
        #expect(result.events[0].type == "ping")
        #expect(result.events[0].data == "{\"type\":\"ping\"}")
        #expect(result.events[0].raw == Array(input.utf8))
        #expect(result.events[0].offset == 0)
        #expect(result.trailing == nil)
    }

    @Test func crlfAndCrLineEnds() {
        for ending in ["\r\n", "\r"] {
            let input = "event: a\(ending)data: one\(ending)\(ending)event: b\(ending)data: two\(ending)\(ending)"
            let result = parseSSE(input)
            #expect(result.events.map(\.event) == ["a", "b"])
            #expect(result.events.map(\.data) == ["one", "two"])
            #expect(result.trailing == nil)
            expectLossless(Array(input.utf8), result)
        }
    }

    @Test func mixedLineEnds() {
        let input = "data: a\rdata: b\r\ndata: c\n\r\n"
        let result = parseSSE(input)
        #expect(result.events.map(\.data) == ["a\nb\nc"])
        #expect(result.trailing == nil)
    }

    @Test func crAndLfSplitAcrossChunksIsOneLineEnd() {
        // If the LF after a CR were a second line end, "data: b" would be dispatched separately.
        let result = parseSSE([Array("data: a\r".utf8), Array("\ndata: b\r\n\r\n".utf8)])
        #expect(result.events.map(\.data) == ["a\nb"])
        #expect(result.trailing == nil)
    }

    @Test func dispatchingCrAtChunkEndDispatchesAtOnceAndCarriesTheLf() {
        var parser = SSEParser()
        let first = parser.feed(Array("data: a\r\n\r".utf8))
        #expect(first.map(\.data) == ["a"])
        #expect(first.first?.raw == Array("data: a\r\n\r".utf8))
        let second = parser.feed(Array("\ndata: b\r\n\r\n".utf8))
        #expect(second.map(\.data) == ["b"])
        #expect(second.first?.raw == Array("\ndata: b\r\n\r\n".utf8))
        #expect(second.first?.offset == 10)
        #expect(parser.finish() == nil)
    }

    @Test func loneLfAfterCrAtEndIsTrailingLineEndNotABlankLine() {
        var parser = SSEParser()
        #expect(parser.feed(Array("data: a\r\n\r".utf8)).count == 1)
        #expect(parser.feed(Array("\n".utf8)).isEmpty)
        #expect(parser.feed(Array("data: b\n\n".utf8)).map(\.data) == ["b"])
    }

    @Test func leadingBomIsStrippedOnlyAtStreamStart() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let input = bom + Array("event: x\ndata: 1\n\n".utf8)
        let whole = parseSSE([input])
        #expect(whole.events.map(\.event) == ["x"])
        #expect(whole.events.map(\.data) == ["1"])
        expectLossless(input, whole)

        let split = parseSSE([[0xEF], [0xBB], [0xBF, 0x64], Array("ata: 1\n\n".utf8)])
        #expect(split.events.map(\.data) == ["1"])
    }

    @Test func bomLaterInStreamMakesAnUnknownField() {
        let input = Array("data: 1\n\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("data: 2\n\ndata: 3\n\n".utf8)
        let result = parseSSE([input])
        #expect(result.events.map(\.data) == ["1", "3"])
        expectLossless(input, result)
    }

    @Test func commentsAreIgnoredAndCarriedIntoTheNextEventRaw() {
        let input = ": keep-alive\n\n:another\nevent: a\n: inside\ndata: x\n\n"
        let result = parseSSE(input)
        #expect(result.events.count == 1)
        #expect(result.events[0].event == "a")
        #expect(result.events[0].data == "x")
        #expect(result.events[0].raw == Array(input.utf8))
        #expect(result.trailing == nil)
    }

    @Test func severalDataLinesJoinWithNewline() {
        let result = parseSSE("data: first\ndata:second\ndata\ndata:  indented\n\n")
        #expect(result.events.map(\.data) == ["first\nsecond\n\n indented"])
    }

    @Test func emptyDataLineStillDispatches() {
        let result = parseSSE("data\n\ndata:\n\n")
        #expect(result.events.map(\.data) == ["", ""])
    }

    @Test func blockWithoutDataDispatchesNothing() {
        let input = "event: lonely\nid: 7\n\ndata: real\n\n"
        let result = parseSSE(input)
        #expect(result.events.count == 1)
        #expect(result.events[0].event == nil)
        #expect(result.events[0].type == "message")
        #expect(result.events[0].id == nil)
        #expect(result.events[0].raw == Array(input.utf8))
    }

    @Test func fieldWithoutColonIsWholeLineName() {
        let result = parseSSE("event\ndata\n\n")
        #expect(result.events.count == 1)
        #expect(result.events[0].event == nil)
        #expect(result.events[0].data == "")
    }

    @Test func exactlyOneSpaceAfterColonIsStripped() {
        let result = parseSSE("event:  two\ndata:\tx\ndata:y\n\n")
        #expect(result.events[0].event == " two")
        #expect(result.events[0].data == "\tx\ny")
    }

    @Test func colonsInValueAreKept() {
        let result = parseSSE("data: {\"a\": \"b:c\"}\n\n")
        #expect(result.events[0].data == "{\"a\": \"b:c\"}")
    }

    @Test func idFieldIgnoredWhenItContainsNul() {
        let input = Array("id: good\nid: ba".utf8) + [0] + Array("d\ndata: x\n\n".utf8)
        let result = parseSSE([input])
        #expect(result.events[0].id == "good")
        let plain = parseSSE("id: 42\ndata: x\n\n")
        #expect(plain.events[0].id == "42")
        let empty = parseSSE("id\ndata: x\n\n")
        #expect(empty.events[0].id == "")
    }

    @Test func retryAcceptsDigitsOnly() {
        #expect(parseSSE("retry: 3000\ndata: x\n\n").events[0].retry == 3000)
        #expect(parseSSE("retry: 30s\ndata: x\n\n").events[0].retry == nil)
        #expect(parseSSE("retry: -1\ndata: x\n\n").events[0].retry == nil)
        #expect(parseSSE("retry:\ndata: x\n\n").events[0].retry == nil)
        #expect(parseSSE("retry: 99999999999999999999999\ndata: x\n\n").events[0].retry == nil)
        #expect(parseSSE("retry: 5\nretry: x\ndata: x\n\n").events[0].retry == 5)
    }

    @Test func unknownFieldsAreIgnored() {
        let result = parseSSE("foo: bar\nDATA: loud\ndata: x\nEvent: y\n\n")
        #expect(result.events.count == 1)
        #expect(result.events[0].data == "x")
        #expect(result.events[0].event == nil)
    }

    @Test func fieldsResetBetweenEvents() {
        let result = parseSSE("event: a\nid: 1\nretry: 5\ndata: x\n\ndata: y\n\n")
        #expect(result.events[1].event == nil)
        #expect(result.events[1].id == nil)
        #expect(result.events[1].retry == nil)
    }

    @Test func multiByteUtf8SplitInsideASequence() {
        let text = "data: h\u{E9}llo \u{1F469}\u{200D}\u{1F4BB} \u{4E2D}\u{6587}\n\n"
        let bytes = Array(text.utf8)
        let chunks = bytes.map { [$0] }
        let result = parseSSE(chunks)
        #expect(result.events.map(\.data) == ["h\u{E9}llo \u{1F469}\u{200D}\u{1F4BB} \u{4E2D}\u{6587}"])
        expectLossless(bytes, result)
    }

    @Test func invalidUtf8IsReplacedNotFatal() {
        let input =
            Array("event: e".utf8) + [0xFF] + Array("\ndata: a".utf8) + [0xC3] + Array("\ndata: b".utf8)
            + [0xE2, 0x82] + Array("\n\n".utf8)
        let result = parseSSE([input])
        #expect(result.events.count == 1)
        #expect(result.events[0].event == "e\u{FFFD}")
        #expect(result.events[0].data == "a\u{FFFD}\nb\u{FFFD}")
        expectLossless(input, result)
    }

    @Test func truncatedStreamKeepsTheFragment() {
        let input = "event: a\ndata: 1\n\nevent: content_block_delta\ndata: {\"type\":\"content_blo"
        let result = parseSSE(input)
        #expect(result.events.count == 1)
        #expect(result.trailing?.raw == Array("event: content_block_delta\ndata: {\"type\":\"content_blo".utf8))
        #expect(result.trailing?.offset == 18)
        expectLossless(Array(input.utf8), result)
    }

    @Test func completeLinesWithoutBlankLineAreStillTrailing() {
        // WHATWG discards an event not ended by a blank line; tapedeck keeps its bytes.
        let result = parseSSE("data: 1\n\ndata: 2\n")
        #expect(result.events.map(\.data) == ["1"])
        #expect(result.trailing?.raw == Array("data: 2\n".utf8))
    }

    @Test func trailingCommentsAfterLastEventAreTheFragment() {
        let result = parseSSE("data: 1\n\n: bye\n\n")
        #expect(result.trailing?.raw == Array(": bye\n\n".utf8))
    }

    @Test func trailingFragmentKnowsWhetherAnEventWasCut() {
        #expect(SSETrailingFragment(raw: Array("event: a\ndata: {".utf8), offset: 0).containsFieldLine)
        #expect(SSETrailingFragment(raw: Array("\n: bye\r\n\r\n".utf8), offset: 0).containsFieldLine == false)
        #expect(SSETrailingFragment(raw: [0x0A], offset: 0).containsFieldLine == false)
        #expect(SSETrailingFragment(raw: Array(": c\nd".utf8), offset: 0).containsFieldLine)
    }

    @Test func emptyInputAndEmptyChunks() {
        var parser = SSEParser()
        #expect(parser.feed([UInt8]()).isEmpty)
        #expect(parser.finish() == nil)
    }

    @Test func finishResetsTheParser() {
        var parser = SSEParser()
        _ = parser.feed(Array("data: par".utf8))
        #expect(parser.finish()?.raw == Array("data: par".utf8))
        let events = parser.feed(Array("data: new\n\n".utf8))
        #expect(events.map(\.data) == ["new"])
        #expect(events.first?.offset == 0)
    }

    @Test func offsetsAcrossChunks() {
        var parser = SSEParser()
        var events = parser.feed(Array("data: a\n\nda".utf8))
        events += parser.feed(Array("ta: b\n".utf8))
        events += parser.feed(Array("\ndata: c\n\n".utf8))
        #expect(events.map(\.offset) == [0, 9, 18])
        #expect(parser.bytesConsumed == 27)
    }

    @Test func acceptsNonContiguousCollections() {
        var parser = SSEParser()
        let bytes = "data: lazy\n\n".utf8.lazy.map { $0 }
        let events = parser.feed(bytes)
        #expect(events.map(\.data) == ["lazy"])
        var second = SSEParser()
        #expect(second.feed("data: view\n\n".utf8).map(\.data) == ["view"])
        #expect(second.feed(Array("data: slice\n\n".utf8)[0...]).map(\.data) == ["slice"])
    }
}

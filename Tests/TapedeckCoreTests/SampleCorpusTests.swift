import Foundation
import Testing

@testable import TapedeckCore

/// The fields a consumer sees, without where the bytes were cut.
private struct EventFields: Equatable {
    let event: String?
    let data: String
    let id: String?
    let retry: Int?

    init(_ event: SSEEvent) {
        self.event = event.event
        self.data = event.data
        self.id = event.id
        self.retry = event.retry
    }
}

private func parse<S: Collection>(chunks: [S]) -> (events: [SSEEvent], trailing: SSETrailingFragment?)
where S.Element == UInt8 {
    var parser = SSEParser()
    var events: [SSEEvent] = []
    for chunk in chunks { events += parser.feed(chunk) }
    return (events, parser.finish())
}

/// Replaces every LF of an LF-only body by `ending` (the JSON in data lines never holds a raw LF).
private func withLineEnding(_ bytes: [UInt8], _ ending: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        if byte == 0x0A { out += ending } else { out.append(byte) }
    }
    return out
}

/// Random splittings per sample; fewer for the 800 KB long exchange so a debug test run stays fast.
private func splittings(for bytes: [UInt8]) -> Int {
    bytes.count > 100_000 ? 24 : 1000
}

@Suite("Samples through SSEParser")
struct SampleCorpusTests {
    @Test func manifestListsEveryRequiredSample() {
        let required = [
            "text_basic", "thinking_text", "tool_use_single", "tool_use_parallel", "server_tool_web_search",
            "redacted_thinking", "citations", "unicode", "error_midstream", "cut_before_stop", "pings",
            "unknown_event", "max_tokens", "long_session", "crlf_comments",
        ]
        #expect(Set(SampleCorpus.names).isSuperset(of: required))
        for entry in SampleCorpus.entries {
            #expect(["complete", "error_event", "truncated"].contains(entry.outcome))
            #expect(entry.complete == (entry.outcome == "complete"))
            #expect((try? SampleCorpus.expectedJSON(entry.name)) != nil, "\(entry.name).expected.json")
            #expect((try? SampleCorpus.requestJSON(entry.name))?.contains("\"stream\": true") == true)
        }
    }

    @Test(arguments: SampleCorpus.entries)
    func wholeParseIsLosslessAndWellFormed(_ entry: SampleCorpus.Entry) throws {
        let bytes = try SampleCorpus.body(entry.name)
        let result = parse(chunks: [bytes])
        expectLossless(bytes, result)
        #expect(!result.events.isEmpty)
        for event in result.events {
            // The API repeats the event name as "type" inside the JSON.
            let json = try JSONSerialization.jsonObject(with: Data(event.data.utf8)) as? [String: Any]
            #expect(json?["type"] as? String == event.event, "\(entry.name) @\(event.offset)")
        }
        let types = result.events.map(\.type)
        #expect(types.contains("message_stop") == entry.complete)
        #expect(types.contains("error") == (entry.outcome == "error_event"))
        #expect((result.trailing != nil) == (entry.outcome == "truncated"))
    }

    @Test(arguments: SampleCorpus.entries)
    func randomSplittingsEqualWholeParse(_ entry: SampleCorpus.Entry) throws {
        let bytes = try SampleCorpus.body(entry.name)
        let whole = parse(chunks: [bytes])
        var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: bytes.count) &* 31 &+ 7)
        let lfOnly = !bytes.contains(0x0D)
        for round in 0..<splittings(for: bytes) {
            let chunked = parse(chunks: randomChunks(bytes, using: &rng))
            if lfOnly {
                #expect(chunked.events == whole.events, "\(entry.name) splitting \(round)")
            } else {
                // A CR ending a chunk dispatches at once; the LF then lands in the next raw.
                #expect(chunked.events.map(EventFields.init) == whole.events.map(EventFields.init))
            }
            expectLossless(bytes, chunked)
            if chunked.events.count != whole.events.count { break }
        }
    }

    @Test(arguments: SampleCorpus.entries)
    func oneByteChunksEqualWholeParse(_ entry: SampleCorpus.Entry) throws {
        let bytes = try SampleCorpus.body(entry.name)
        let whole = parse(chunks: [bytes])
        let chunked = parse(chunks: bytes.indices.map { bytes[$0..<$0 + 1] })
        #expect(chunked.events.map(EventFields.init) == whole.events.map(EventFields.init))
        if !bytes.contains(0x0D) {
            #expect(chunked.events == whole.events)
            #expect(chunked.trailing == whole.trailing)
        } else {
            // The final CR dispatched message_stop at once; its LF is a fragment with no field line.
            #expect(chunked.trailing?.containsFieldLine ?? false == whole.trailing?.containsFieldLine ?? false)
        }
        expectLossless(bytes, chunked)
    }

    @Test(arguments: SampleCorpus.entries)
    func crlfAndCrVariantsGiveTheSameEvents(_ entry: SampleCorpus.Entry) throws {
        let original = try SampleCorpus.body(entry.name)
        // crlf_comments is already CRLF: go back to LF first.
        let lf =
            original.contains(0x0D)
            ? Array(String(decoding: original, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").utf8)
            : original
        let reference = parse(chunks: [lf]).events.map(EventFields.init)
        var rng = SplitMix64(seed: 0xC0FFEE)
        for ending: [UInt8] in [[0x0D, 0x0A], [0x0D]] {
            let variant = withLineEnding(lf, ending)
            let whole = parse(chunks: [variant])
            #expect(whole.events.map(EventFields.init) == reference, "\(entry.name) \(ending)")
            expectLossless(variant, whole)
            for _ in 0..<(variant.count > 100_000 ? 4 : 100) {
                let chunked = parse(chunks: randomChunks(variant, using: &rng))
                #expect(chunked.events.map(EventFields.init) == reference)
                expectLossless(variant, chunked)
            }
        }
    }

    @Test(arguments: SampleCorpus.entries)
    func writerRoundTripsEverySampleEvent(_ entry: SampleCorpus.Entry) throws {
        let bytes = try SampleCorpus.body(entry.name)
        let events = parse(chunks: [bytes]).events
        let rewritten = events.flatMap { SSEWriter.encode($0) }
        let reparsed = parse(chunks: [rewritten])
        #expect(reparsed.trailing == nil)
        #expect(reparsed.events.map(EventFields.init) == events.map(EventFields.init))
        if !bytes.contains(0x0D) {
            // The API's own framing is what the writer produces, byte for byte.
            for event in events {
                #expect(SSEWriter.encode(event) == event.raw, "\(entry.name) @\(event.offset)")
            }
        }
    }

    @Test(arguments: SampleCorpus.entries)
    func expectedMessageMatchesTheStream(_ entry: SampleCorpus.Entry) throws {
        // Guards against a regenerated .sse whose .expected.json was not refreshed.
        let events = parse(chunks: [try SampleCorpus.body(entry.name)]).events
        let expected = try #require(
            try JSONSerialization.jsonObject(with: Data(try SampleCorpus.expectedJSON(entry.name).utf8))
                as? [String: Any])
        let start = try #require(events.first { $0.type == "message_start" })
        let startJSON = try JSONSerialization.jsonObject(with: Data(start.data.utf8)) as? [String: Any]
        let message = startJSON?["message"] as? [String: Any]
        #expect(expected["id"] as? String == message?["id"] as? String)
        #expect(expected["model"] as? String == message?["model"] as? String)
        let blocks = events.filter { $0.type == "content_block_start" }.count
        #expect((expected["content"] as? [Any])?.count == blocks)
        #expect((expected["stop_reason"] is NSNull) == !entry.complete)
    }

    @Test func truncatedSampleKeepsTheUnfinishedEvent() throws {
        let bytes = try SampleCorpus.body("cut_before_stop")
        let result = parse(chunks: [bytes])
        let trailing = try #require(result.trailing)
        let text = String(decoding: trailing.raw, as: UTF8.self)
        #expect(text.hasPrefix("event: content_block_delta\ndata: {"))
        #expect(!text.hasSuffix("\n"))
        #expect(result.events.last?.type == "content_block_delta")
    }

    @Test func crlfSampleCarriesCommentsIntoRaw() throws {
        let bytes = try SampleCorpus.body("crlf_comments")
        let events = parse(chunks: [bytes]).events
        #expect(String(decoding: events[0].raw, as: UTF8.self).hasPrefix(": connected\r\n\r\nevent: message_start\r\n"))
        #expect(events.allSatisfy { $0.raw.suffix(4) == [0x0D, 0x0A, 0x0D, 0x0A] })
        #expect(events.contains { String(decoding: $0.raw, as: UTF8.self).contains(":\r\nevent: content_block_delta") })
    }
}

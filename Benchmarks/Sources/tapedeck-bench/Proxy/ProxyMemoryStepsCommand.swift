import ArgumentParser
import Foundation
import NIOCore
import TapedeckCore
import TapedeckStore

/// `tapedeck-bench proxy-memory-steps`: where the memory of recording one huge SSE event goes, step by step, in
/// one process: the recorder's steps run in order (parse, assemble, store the event, finish the exchange) and
/// each prints the peak RSS it reached over the RSS before it (VmHWM, reset between steps) and what it left
/// resident, as multiples of the event. Complements Benchmarks/proxy/memory.sh, which measures the whole proxy.
struct ProxyMemoryStepsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy-memory-steps",
        abstract: "Peak RSS of each recorder step for one huge SSE event (where the copies are).",
        discussion: "Example: tapedeck-bench proxy-memory-steps --event-mb 50"
    )

    @Option(help: "Size of the one content_block_delta event in MiB, e.g. 50.")
    var eventMB = 50

    func run() async throws {
        let eventBytes = eventMB << 20
        let base = Self.rssKB()
        print("idle RSS \(base / 1024) MB; one event of \(eventMB) MB (multiples are of the event's size)")
        // The event as the network delivers it: 64 KiB reads, as NIO's read buffers.
        var reads: [ByteBuffer]? = Self.reads(eventBytes: eventBytes)
        report("network reads (64 KiB buffers)", since: base, eventBytes: eventBytes)

        var parser = SSEParser()
        var events: [SSEEvent] = []
        var before = Self.resetPeak()
        for read in reads ?? [] { events += parser.feed(read.readableBytesView) }
        reads = nil
        report("SSEParser.feed, then the reads let go", since: before, eventBytes: eventBytes)

        var assembler = MessageAssembler()
        before = Self.resetPeak()
        for event in events { assembler.apply(event) }
        report("MessageAssembler.apply", since: before, eventBytes: eventBytes)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tapedeck-mem-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TapedeckStore(path: directory.appendingPathComponent("m.sqlite").path)
        let recorder = store.makeRecorder()
        var summary = ExchangeSummary(
            id: "memorysteps", startedAtNanos: 0, method: "POST", path: "/v1/messages", status: 200,
            isStreaming: true)
        recorder.begin(summary)
        await recorder.flush()
        before = Self.resetPeak()
        let recorded = events.enumerated().map { index, event in
            RecordedEvent(sequence: index, offsetNanos: 0, type: event.type, payload: event.payload)
        }
        events = []
        recorder.append(exchangeID: summary.id, events: recorded)
        await recorder.flush()
        report("store: append and commit the events (data and raw)", since: before, eventBytes: eventBytes)

        before = Self.resetPeak()
        assembler.finish(trailing: parser.finish())
        summary.take(assembler.message)
        summary.outcome = .complete
        recorder.finish(
            summary, trailing: [], trailingOffsetNanos: nil, answer: assembler.message.messageJSON()["content"])
        await recorder.flush()
        report("store: finish with the assembled answer", since: before, eventBytes: eventBytes)
        await recorder.close()
        _ = recorded.count
    }

    private func report(_ step: String, since before: Int, eventBytes: Int) {
        let peak = Self.peakKB()
        let now = Self.rssKB()
        let event = Double(eventBytes) / 1024
        print(
            String(
                format: "%-55@ peak +%5.0f MB (%.2fx), resident after %+5.0f MB (%.2fx)", step as NSString,
                Double(peak - before) / 1024, Double(peak - before) / event, Double(now - before) / 1024,
                Double(now - before) / event))
    }

    private static func reads(eventBytes: Int) -> [ByteBuffer] {
        var wire = Array("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,".utf8)
        wire += Array("\"delta\":{\"type\":\"text_delta\",\"text\":\"".utf8)
        wire += [UInt8](repeating: UInt8(ascii: "a"), count: eventBytes)
        wire += Array("\"}}\n\n".utf8)
        let allocator = ByteBufferAllocator()
        return stride(from: 0, to: wire.count, by: 65536).map { start in
            allocator.buffer(bytes: wire[start..<min(wire.count, start + 65536)])
        }
    }

    /// Resets VmHWM to the current RSS and returns that RSS.
    private static func resetPeak() -> Int {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        return rssKB()
    }

    private static func rssKB() -> Int { status("VmRSS:") }
    private static func peakKB() -> Int { status("VmHWM:") }

    private static func status(_ field: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field) })
        else { return 0 }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
    }
}

import Foundation
import TapedeckCore
import Testing

@testable import TapedeckExport

/// Every number and id read from an imported file is range-checked with an error naming the file and the
/// field (these inputs used to trap: "Double value cannot be converted to Int64"); a cut JSONL is refused.
@Suite("Import range checks")
struct ImportRangeTests {
    /// A one-entry HAR of a sample with `change` applied to its entry.
    func har(_ change: (inout [String: Any]) -> Void) throws -> [UInt8] {
        let text = HARExporter.export([try SampleExchanges.exchange("thinking_text")])
        var root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var log = try #require(root["log"] as? [String: Any])
        var entries = try #require(log["entries"] as? [[String: Any]])
        change(&entries[0])
        log["entries"] = entries
        root["log"] = log
        return [UInt8](try JSONSerialization.data(withJSONObject: root))
    }

    /// The sample as JSONL with `change` applied to its header line.
    func jsonl(_ change: (inout [String: Any]) -> Void) throws -> [UInt8] {
        var lines = JSONLExporter.export([try SampleExchanges.exchange("thinking_text")]).split(separator: "\n")
        var header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        change(&header)
        lines[0] = Substring(String(decoding: try JSONSerialization.data(withJSONObject: header), as: UTF8.self))
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    func problem(_ parse: () throws(ImportError) -> [RecordedExchange]) -> String? {
        do {
            _ = try parse()
            return nil
        } catch {
            return error.description
        }
    }

    @Test(
        "HAR times beyond 31 years, 1e308 and huge timings are errors naming the field",
        arguments: [
            ("time", 1e13), ("time", 1e308), ("time", 9.3e12),
        ])
    func harTotalTime(_ key: String, _ value: Double) throws {
        let bytes = try har { $0[key] = value }
        let message = try #require(problem { () throws(ImportError) in try HARImporter.parse(bytes, file: "big.har") })
        #expect(message.contains("big.har"))
        #expect(message.contains("entry 1"))
        #expect(message.contains("\"time\""))
        #expect(message.contains("out of range"))
    }

    @Test("HAR timings: one huge value, and values that only overflow when added up")
    func harTimings() throws {
        let huge = try har { entry in entry["timings"] = ["wait": 1e308, "send": 0, "receive": 1] }
        let one = try #require(problem { () throws(ImportError) in try HARImporter.parse(huge, file: "t.har") })
        #expect(one.contains("\"wait\"") && one.contains("out of range"))
        let sum = try har { entry in
            entry["timings"] = ["blocked": 9e11, "dns": 9e11, "connect": 9e11, "send": 9e11, "wait": 9e11]
        }
        let added = try #require(problem { () throws(ImportError) in try HARImporter.parse(sum, file: "t.har") })
        #expect(added.contains("blocked + dns + connect + send + wait") && added.contains("out of range"))
    }

    @Test("HAR start time beyond what nanoseconds hold, and an impossible status")
    func harStartAndStatus() throws {
        let late = try har { $0["startedDateTime"] = "9999-12-31T23:59:59Z" }
        let start = try #require(problem { () throws(ImportError) in try HARImporter.parse(late, file: "t.har") })
        #expect(start.contains("startedDateTime"))
        let status = try har { entry in
            var response = entry["response"] as? [String: Any] ?? [:]
            response["status"] = 70_000
            entry["response"] = response
        }
        let bad = try #require(problem { () throws(ImportError) in try HARImporter.parse(status, file: "t.har") })
        #expect(bad.contains("\"status\" is 70000, out of range"))
    }

    @Test(
        "JSONL numbers out of range are errors naming the line and field",
        arguments: [
            ("duration_ns", 9.2e18), ("first_byte_ns", -1), ("input_tokens", -5), ("input_tokens", 1e300),
            ("status", 70_000), ("attempt", 0), ("event_count", 1e15),
        ])
    func jsonlNumbers(_ key: String, _ value: Double) throws {
        let bytes = try jsonl { $0[key] = value }
        let message = try #require(
            problem { () throws(ImportError) in try JSONLImporter.parse(bytes, file: "n.jsonl") })
        #expect(message.contains("n.jsonl: line 1: \"\(key)\""), "\(message)")
        #expect(message.contains("out of range") || message.contains("must be an integer"), "\(message)")
    }

    @Test("JSONL event offsets out of range")
    func jsonlOffset() throws {
        var lines = JSONLExporter.export([try SampleExchanges.exchange("thinking_text")]).split(separator: "\n")
        lines[2] = Substring(
            lines[2].replacingOccurrences(of: #""offset_ns":"#, with: #""offset_ns":9000000000000000000,"x":"#))
        let bytes = Array(lines.joined(separator: "\n").utf8)
        let message = try #require(
            problem { () throws(ImportError) in try JSONLImporter.parse(bytes, file: "o.jsonl") })
        #expect(message.contains("line 3: \"offset_ns\""), "\(message)")
    }

    @Test("a JSONL cut at a line boundary is refused, the whole file still imports")
    func jsonlCutAtLineBoundary() throws {
        let exchange = try SampleExchanges.exchange("thinking_text")
        #expect(exchange.events.count > 4)
        let lines = JSONLExporter.export([exchange]).split(separator: "\n")
        let whole = try JSONLImporter.parse(Array(lines.joined(separator: "\n").utf8), file: "w.jsonl")
        #expect(whole.first?.events.count == exchange.events.count)
        let cut = Array(lines.prefix(5).joined(separator: "\n").utf8)
        let message = try #require(
            problem { () throws(ImportError) in try JSONLImporter.parse(cut, file: "cut.jsonl") })
        #expect(message.contains("cut.jsonl: line 1"))
        #expect(message.contains("\"event_count\": \(exchange.events.count) but 4 event lines follow it"))
        #expect(message.contains("cut short"))
    }

    @Test("ids: 1 to 64 lowercase hex digits; a huge id gives a short error")
    func ids() throws {
        let huge = String(repeating: "a", count: 1_000_000)
        let bytes = try jsonl { $0["id"] = huge }
        let message = try #require(
            problem { () throws(ImportError) in try JSONLImporter.parse(bytes, file: "i.jsonl") })
        #expect(message.contains("\"id\" must be 1 to 64 lowercase hex digits"))
        #expect(message.count < 300)
        let retry = try jsonl { $0["retry_of"] = "not-hex" }
        let retryMessage = try #require(
            problem { () throws(ImportError) in try JSONLImporter.parse(retry, file: "i.jsonl") })
        #expect(retryMessage.contains("\"retry_of\""))
        #expect(ImportLimits.isValidID(String(repeating: "f", count: 64)))
        #expect(!ImportLimits.isValidID(String(repeating: "f", count: 65)))
    }
}

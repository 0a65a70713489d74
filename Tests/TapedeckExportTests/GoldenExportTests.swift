import Foundation
import TapedeckCore
import Testing

@testable import TapedeckExport

/// Markdown and HAR exports of a few samples compared with checked-in files
/// (regenerate with `TAPEDECK_UPDATE_GOLDEN=1 swift test --filter GoldenExportTests` and review the diff).
@Suite("Golden md and har exports")
struct GoldenExportTests {
    static let samples = ["thinking_text", "tool_use_parallel", "error_midstream", "cut_before_stop", "unknown_event"]

    @Test("markdown transcript matches the golden file", arguments: samples)
    func markdown(_ name: String) throws {
        let markdown = MarkdownExporter.export(try SampleExchanges.exchange(name))
        #expect(try SampleExchanges.matchesGolden(markdown, "\(name).md"))
    }

    @Test("HAR export matches the golden file", arguments: samples)
    func har(_ name: String) throws {
        let har = HARExporter.export(try SampleExchanges.exchange(name))
        #expect(try SampleExchanges.matchesGolden(har, "\(name).har"))
    }

    @Test("a partial exchange is labelled PARTIAL at the top of the transcript")
    func partialLabel() throws {
        let markdown = MarkdownExporter.export(try SampleExchanges.exchange("cut_before_stop"))
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "# Exchange 0123abcdef: PARTIAL")
        #expect(markdown.contains("**PARTIAL** (`upstream_disconnect`)"))
        #expect(markdown.contains("trailing bytes never formed a complete event"))
        let complete = MarkdownExporter.export(try SampleExchanges.exchange("text_basic"))
        #expect(complete.hasPrefix("# Exchange 0123abcdef: COMPLETE\n"))
        #expect(!complete.contains("PARTIAL"))
    }

    @Test("thinking is quoted, tool calls are pretty JSON blocks, timings and usage are present")
    func markdownContent() throws {
        let thinking = MarkdownExporter.export(try SampleExchanges.exchange("thinking_text"))
        #expect(thinking.contains("### Thinking\n\n> "))
        #expect(thinking.contains("- Time to first token (TTFT): "))
        #expect(thinking.contains("| input | output | cache creation | cache read |"))
        let tools = MarkdownExporter.export(try SampleExchanges.exchange("tool_use_parallel"))
        #expect(tools.contains("### Tool call `"))
        #expect(tools.contains("```json\n{\n  \""))
        #expect(tools.contains("### Tools ("))
    }
}

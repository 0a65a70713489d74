import Foundation
import TapedeckCore
import Testing

@testable import TapedeckStore

/// Stored header lists are JSON text that readers (and SQL's `json_extract`) rely on: what is written reads back
/// exactly, text written by earlier versions (Foundation's encoder) still reads, and anything unreadable gives no
/// headers rather than an error.
@Suite struct HeaderCodingTests {
    private static let fields = [
        HeaderField(name: "content-type", value: "text/event-stream; charset=utf-8"),
        HeaderField(name: "x-quote", value: #"say "hi" \ back/slash"#),
        HeaderField(name: "x-unicode", value: "héllo ✓ 𝄞"),
        HeaderField(name: "x-control", value: "tab\there\u{1}"),
        HeaderField(name: "x-empty", value: ""),
        HeaderField(name: "X-Api-Key", value: "sk-ant-secret"),
    ]

    @Test func whatIsWrittenReadsBackWithSecretsRedacted() throws {
        let text = HeaderCoding.encode(Self.fields)
        let read = HeaderCoding.decode(text)
        #expect(read.count == Self.fields.count)
        #expect(Array(read.prefix(5)) == Array(Self.fields.prefix(5)))
        #expect(read[5].name == "X-Api-Key")
        #expect(read[5].value == HeaderRedactor.marker(for: "sk-ant-secret"))
        #expect(!text.contains("sk-ant-secret"))
        // The documented shape: an array of {"name", "value"} objects, in wire order.
        #expect(text.hasPrefix(#"[{"name":"content-type","value":"text/event-stream; charset=utf-8"}"#))
    }

    @Test func textFromFoundationsEncoderStillReads() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let old = String(decoding: try encoder.encode(Array(Self.fields.prefix(5))), as: UTF8.self)
        #expect(HeaderCoding.decode(old) == Array(Self.fields.prefix(5)))
    }

    @Test func unreadableTextGivesNoHeaders() {
        for text in ["", "not json", "{}", #"[{"name":"a"}]"#, #"[{"name":"a","value":1}]"#, #"["a"]"#] {
            #expect(HeaderCoding.decode(text).isEmpty, "\(text)")
        }
    }
}

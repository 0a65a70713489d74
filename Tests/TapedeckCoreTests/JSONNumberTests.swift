import Testing

@testable import TapedeckCore

@Suite struct JSONNumberTests {
    @Test func theIssuesToolInputExportsAsSent() throws {
        let wire = #"{"big": 12345678901234567890, "f": 1.0, "neg0": -0.0, "n": 699.0}"#
        let value = try JSONValue.parse(wire)
        #expect(value.serialized() == #"{"big":12345678901234567890,"f":1.0,"neg0":-0.0,"n":699.0}"#)
        #expect(
            value.serialized(pretty: true)
                == "{\n  \"big\": 12345678901234567890,\n  \"f\": 1.0,\n  \"neg0\": -0.0,\n  \"n\": 699.0\n}")
    }

    @Test func parseThenSerializeIsTheIdentityForEveryLiteral() throws {
        for literal in JSONNumberLiterals.all {
            #expect(JSONNumber(literal: literal)?.literal == literal, "\(literal)")
            #expect(try JSONValue.parse(literal).serialized() == literal, "\(literal)")
            let document = #"{"n":\#(literal),"list":[\#(literal),-0.0,\#(literal)]}"#
            #expect(try JSONValue.parse(document).serialized() == document, "\(literal)")
            let spaced = "[ \(literal) ,\n\t\(literal) ]"
            #expect(try JSONValue.parse(spaced).serialized(pretty: true) == "[\n  \(literal),\n  \(literal)\n]")
            #expect(try JSONValue.parse(spaced).serialized(sortedKeys: true) == "[\(literal),\(literal)]")
        }
    }

    @Test func partialJSONKeepsWholeLiteralsAndCutsOnlyAtTheEnd() throws {
        for literal in JSONNumberLiterals.all {
            let document = #"{"n":\#(literal),"m":[\#(literal)]}"#
            for mode in [PartialJSON.Mode.display, .pythonSDK] {
                let whole = PartialJSON.parse(document, mode: mode)
                #expect(whole.state == .complete)
                #expect(whole.value?.serialized() == document, "\(literal) \(mode)")
            }
            // Cut inside the number: what display mode shows is a valid literal and a prefix of the one sent.
            // (Every cut of the 400-digit literals would add seconds and no new case.)
            let head = #"{"n":"#
            for end in literal.indices.dropFirst() where literal.count <= 80 {
                let shown = PartialJSON.parse(head + literal[..<end]).value?["n"]?.numberValue
                if let shown {
                    #expect(literal.hasPrefix(shown.literal), "\(literal) cut at \(literal[..<end])")
                    #expect(JSONNumber(literal: shown.literal) != nil)
                }
            }
        }
    }

    @Test func toolInputAssembledFromFragmentsKeepsEveryLiteral() throws {
        let literals = JSONNumberLiterals.systematic
        let input = #"{"big":12345678901234567890,"f":1.0,"neg0":-0.0,"all":["# + literals.joined(separator: ",") + "]}"
        for fragmentSize in [1, 2, 3, 7, 64] {
            var assembler = MessageAssembler()
            let start: JSONValue = [
                "type": "content_block_start", "index": 0,
                "content_block": ["type": "tool_use", "id": "toolu_1", "name": "calc", "input": [:]],
            ]
            assembler.apply(SSEEvent(event: "content_block_start", data: start.serialized()))
            let bytes = Array(input.utf8)
            for chunkStart in stride(from: 0, to: bytes.count, by: fragmentSize) {
                let fragment = String(
                    decoding: bytes[chunkStart..<min(chunkStart + fragmentSize, bytes.count)], as: UTF8.self)
                let delta: JSONValue = [
                    "type": "content_block_delta", "index": 0,
                    "delta": ["type": "input_json_delta", "partial_json": .string(fragment)],
                ]
                assembler.apply(SSEEvent(event: "content_block_delta", data: delta.serialized()))
            }
            assembler.apply(SSEEvent(event: "content_block_stop", data: #"{"type":"content_block_stop","index":0}"#))
            assembler.finish(trailing: nil)
            let block = try #require(assembler.message.content.first)
            #expect(block.input?.serialized() == input, "fragments of \(fragmentSize)")
            let messageText = assembler.message.messageJSON().serialized()
            #expect(messageText.contains(#""input":"# + input), "fragments of \(fragmentSize)")
        }
    }

    @Test func invalidLiteralsAreRefused() {
        for text in [
            "", "-", "+1", "01", "-01", "1.", ".5", "1e", "1e+", "1E-", "NaN", "Infinity", " 1", "1 ", "0x10", "1_0",
            "--1",
        ] {
            #expect(JSONNumber(literal: text) == nil, "\(text)")
        }
    }

    @Test func equalityComparesExactDecimalValues() {
        func number(_ text: String) -> JSONNumber { JSONNumber(literal: text)! }
        let one = ["1", "1.0", "1e0", "10e-1", "0.1e1", "1.000E+0", "100e-2"]
        for left in one {
            for right in one {
                #expect(number(left) == number(right), "\(left) \(right)")
                #expect(number(left).hashValue == number(right).hashValue)
            }
        }
        let zero = ["0", "-0", "-0.0", "0e5", "0.000E-9"]
        for left in zero { for right in zero { #expect(number(left) == number(right)) } }
        #expect(number("12345678901234567890") != number("12345678901234567891"))
        #expect(number("12345678901234567890") == number("1234567890123456789e1"))
        #expect(number("1") != number("-1"))
        #expect(number("0.1") != number("0.01"))
        #expect(number("699.0") == number("699"))
        #expect(number("699.0").literal != number("699").literal)
    }

    @Test func numericReadingsAreExactOrNil() {
        func number(_ text: String) -> JSONNumber { JSONNumber(literal: text)! }
        #expect(number("7.0").int64Value == 7)
        #expect(number("7.5").int64Value == nil)
        #expect(number("1e3").int64Value == 1_000)
        #expect(number("0.5e1").int64Value == 5)
        #expect(number("-0.0").int64Value == 0)
        #expect(number("9223372036854775807").int64Value == .max)
        #expect(number("-9223372036854775808").int64Value == .min)
        #expect(number("9223372036854775808").int64Value == nil)
        #expect(number("12345678901234567890").int64Value == nil)
        #expect(number("1e19").int64Value == nil)
        #expect(number("1e400").doubleValue == .infinity)
        #expect(number("-0.0").doubleValue.sign == .minus)
        #expect(number("1.5E-3").doubleValue == 0.0015)
        #expect(JSONValue.number(number("300.00")).intValue == 300)
    }

    @Test func scaledRoundingWorksOnTheDigits() {
        func number(_ text: String) -> JSONNumber { JSONNumber(literal: text)! }
        #expect(number("1795608000.123456789").rounded(scaledByPowerOfTen: 9) == 1_795_608_000_123_456_789)
        #expect(number("1795608000.1234567895").rounded(scaledByPowerOfTen: 9) == 1_795_608_000_123_456_790)
        #expect(number("1795608000.2").rounded(scaledByPowerOfTen: 9) == 1_795_608_000_200_000_000)
        #expect(number("1.7956080001234568E9").rounded(scaledByPowerOfTen: 9) == 1_795_608_000_123_456_800)
        #expect(number("0.5").rounded(scaledByPowerOfTen: 0) == 1)
        #expect(number("-0.5").rounded(scaledByPowerOfTen: 0) == -1)
        #expect(number("0.049").rounded(scaledByPowerOfTen: 1) == 0)
        #expect(number("0.05").rounded(scaledByPowerOfTen: 0) == 0)
        #expect(number("12.5e-3").rounded(scaledByPowerOfTen: 3) == 13)
        #expect(number("1e300").rounded(scaledByPowerOfTen: 9) == nil)
        #expect(number("9223372036854775807.4").rounded(scaledByPowerOfTen: 0) == .max)
        #expect(number("9223372036854775807.5").rounded(scaledByPowerOfTen: 0) == nil)
    }

    @Test func numbersMadeInCodeGetACanonicalLiteral() {
        #expect(JSONNumber(3.0 as Double)?.literal == "3")
        #expect(JSONNumber(2.5 as Double)?.literal == "2.5")
        #expect(JSONNumber(1e20 as Double)?.literal == "1e+20")
        #expect(JSONNumber(-0.0 as Double)?.literal == "-0.0")
        #expect(JSONNumber(Double.nan) == nil)
        #expect(JSONNumber(-Double.infinity) == nil)
        #expect(JSONNumber(Int64.min).literal == "-9223372036854775808")
        #expect(JSONNumber(UInt64.max).literal == "18446744073709551615")
        let literal: JSONValue = [1, 2.5, -7]
        #expect(literal.serialized() == "[1,2.5,-7]")
        #expect(JSONValue(Double.nan) == .null)
        for value in [0.1, 1e-7, 123.456, -2.5e-300, 1.7976931348623157e308] {
            let text = JSONValue(value).serialized()
            #expect(Double(text) == value, "\(text)")
            #expect(JSONNumber(literal: text) != nil, "\(text)")
        }
    }
}

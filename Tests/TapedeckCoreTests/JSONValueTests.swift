import Testing

@testable import TapedeckCore

@Suite struct JSONValueTests {
    @Test func parsesEveryValueKind() throws {
        let value = try JSONValue.parse(#" {"a": [1, -2.5, 3e2, true, false, null], "b": {"c": "d"}, "e": ""} "#)
        #expect(value == ["a": [1, -2.5, 300, true, false, nil], "b": ["c": "d"], "e": ""])
        #expect(value["a"]?[1]?.doubleValue == -2.5)
        #expect(value["a"]?[2]?.intValue == 300)
        #expect(value["b"]?["c"]?.stringValue == "d")
        #expect(value["missing"] == nil)
        #expect(value["a"]?[9] == nil)
    }

    @Test func keepsKeyOrderButComparesObjectsUnordered() throws {
        let value = try JSONValue.parse(#"{"z":1,"a":2,"m":3}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(value.serialized() == #"{"z":1,"a":2,"m":3}"#)
        let reordered = try JSONValue.parse(#"{"a":2,"m":3,"z":1}"#)
        #expect(value == reordered)
        #expect(value.hashValue == reordered.hashValue)
        #expect(value != (try JSONValue.parse(#"{"a":2,"m":3,"z":2}"#)))
        #expect(value != (try JSONValue.parse(#"{"a":2,"m":3}"#)))
    }

    @Test func duplicateKeyKeepsFirstPositionAndLastValue() throws {
        let value = try JSONValue.parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(value.serialized() == #"{"a":3,"b":2}"#)
    }

    @Test func largeObjectsUseTheIndexCorrectly() throws {
        var object = JSONObject()
        for number in 0..<100 { object["k\(number)"] = .number(JSONNumber(number)) }
        object["k5"] = "five"
        object.removeValue(forKey: "k7")
        #expect(object.count == 99)
        #expect(object["k5"] == "five")
        #expect(object["k7"] == nil)
        #expect(object["k99"] == 99)
        #expect(object.keys[7] == "k8")
    }

    @Test func unescapesStrings() throws {
        let value = try JSONValue.parse(#""q\" b\\ s\/ \b\f\n\r\t \u00e9 \ud83d\ude00 é""#)
        #expect(value == .string("q\" b\\ s/ \u{08}\u{0C}\n\r\t é 😀 é"))
    }

    @Test func escapedStringsDecodeInPlaceWithTheSameResultsAndErrors() throws {
        #expect(try JSONValue.parse(#""\ud83d""#) == .string("\u{FFFD}"))
        #expect(try JSONValue.parse(#"["a\n\u00e9", "\\", "\"\ud83d\ude00"]"#) == ["a\né", "\\", "\"😀"])
        let long = String(repeating: "xé\\n", count: 100_000)
        #expect(try JSONValue.parse("\"" + long + "\"") == .string(String(repeating: "xé\n", count: 100_000)))
        for (text, offset) in [(#""\n\x""#, 3), ("\"\\n\u{01}\"", 3), (#""\n\u12G4""#, 7)] {
            do {
                _ = try JSONValue.parse(text)
                Issue.record("expected an error for \(text)")
            } catch {
                #expect(error.offset == offset, "\(text)")
            }
        }
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() throws {
        #expect(try JSONValue.parse(#""\ud83d x""#) == .string("\u{FFFD} x"))
        #expect(try JSONValue.parse(#""\ude00""#) == .string("\u{FFFD}"))
    }

    @Test(arguments: [
        "", "   ", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "[1 2]", "tru", "nul", "01", "1.", "-", "1e", ".5",
        "\"abc", "\"\\x\"", "\"\\u12G4\"", "\"a\nb\"", "{a:1}", "[1]]", "{} {}", "'a'", "NaN", "\u{FEFF}{}",
    ])
    func rejectsInvalidJSON(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func errorNamesTheOffset() {
        do {
            _ = try JSONValue.parse(#"{"a": [1, 2,, 3]}"#)
            Issue.record("expected an error")
        } catch {
            #expect(error.offset == 12)
            #expect(error.description.contains("byte 12"))
        }
    }

    @Test func rejectsExcessiveNesting() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect((try? JSONValue.parse(fine)) != nil)
    }

    @Test func parsesNumbersExactly() throws {
        #expect(try JSONValue.parse("0") == 0)
        #expect(try JSONValue.parse("-0.0") == .number(-0.0))
        #expect(try JSONValue.parse("123456789012") == .number(123_456_789_012))
        let big = try JSONValue.parse("12345678901234567890")
        #expect(big.serialized() == "12345678901234567890")
        #expect(big != .number(1.2345678901234567e19))
        #expect(big.doubleValue == 1.2345678901234567e19)
        #expect(try JSONValue.parse("1.5E-3") == .number(0.0015))
        #expect(try JSONValue.parse("-7") == -7)
    }

    @Test func parsesFromBytes() throws {
        let bytes: [UInt8] = Array(#"{"é":"ü"}"#.utf8)
        #expect(try JSONValue.parse(bytes: bytes) == ["é": "ü"])
        #expect(try JSONValue.parse(bytes: bytes[...]) == ["é": "ü"])
    }

    @Test func serializesIntegralNumbersWithoutFraction() {
        let value: JSONValue = [1.0, 2.5, -3, 1e20, 0.1, 1e-7, JSONValue(Double.infinity)]
        #expect(value.serialized() == "[1,2.5,-3,1e+20,0.1,1e-07,null]")
    }

    @Test func escapesStringsPerRFC8259AndKeepsUTF8() {
        let value = JSONValue.string("a\"b\\c/\n\r\t\u{08}\u{0C}\u{01}\u{1F} é 😀")
        #expect(value.serialized() == #""a\"b\\c/\n\r\t\b\f\u0001\u001f é 😀""#)
        #expect((try? JSONValue.parse(value.serialized())) == value)
    }

    @Test func prettyAndSortedOutput() {
        let value: JSONValue = ["b": [1, ["x": nil]], "a": [:], "c": []]
        #expect(
            value.serialized(pretty: true, sortedKeys: true) == """
                {
                  "a": {},
                  "b": [
                    1,
                    {
                      "x": null
                    }
                  ],
                  "c": []
                }
                """)
        #expect(value.serialized() == #"{"b":[1,{"x":null}],"a":{},"c":[]}"#)
    }

    @Test func roundTripsThroughSerialization() throws {
        let text = #"{"id":"msg_1","content":[{"type":"text","text":"hi \"there\"\n"}],"n":[0,-1,2.25,true,null]}"#
        let value = try JSONValue.parse(text)
        #expect(value.serialized() == text)
    }

    @Test func accessorsReturnNilForOtherKinds() {
        let value: JSONValue = "text"
        #expect(value.intValue == nil)
        #expect(value.boolValue == nil)
        #expect(value.arrayValue == nil)
        #expect(value.objectValue == nil)
        #expect(!value.isNull)
        #expect(JSONValue.number(1.5).intValue == nil)
        #expect(JSONValue.null.isNull)
        #expect(value.typeName == "string")
    }
}

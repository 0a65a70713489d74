import Testing

@testable import TapedeckCore

@Suite struct PartialJSONTests {
    @Test func emptyPrefixIsIncompleteWithoutValue() {
        #expect(PartialJSON.parse("") == PartialJSONResult(value: nil, state: .incomplete))
        #expect(PartialJSON.parse("  \n") == PartialJSONResult(value: nil, state: .incomplete))
    }

    @Test func wholeTextIsComplete() {
        #expect(PartialJSON.parse(#"{"a": [1, "b"]}"#) == PartialJSONResult(value: ["a": [1, "b"]], state: .complete))
        #expect(PartialJSON.parse("12") == PartialJSONResult(value: 12, state: .complete))
    }

    @Test(
        arguments: [
            (#"{"#, ["": ""] as JSONValue?),
            (#"{""#, [:]),
            (#"{"ke"#, [:]),
            (#"{"key""#, [:]),
            (#"{"key":"#, [:]),
            (#"{"key": "#, [:]),
            (#"{"key": "val"#, ["key": "val"]),
            (#"{"key": "value","#, ["key": "value"]),
            (#"{"key": "value", "ot"#, ["key": "value"]),
            (#"{"a": "x\"#, ["a": "x"]),
            (#"{"a": "x\n"#, ["a": "x\n"]),
            (#"{"a": "\u00"#, ["a": ""]),
            (#"{"a": "é\u00e9"#, ["a": "éé"]),
            (#"{"a": "\ud83d"#, ["a": ""]),
            (#"{"a": "\ud83d\"#, ["a": ""]),
            (#"{"a": "\ud83d\ude"#, ["a": ""]),
            (#"{"a": "\ud83d\ude00"#, ["a": "😀"]),
            (#"{"a": -"#, [:]),
            (#"{"a": 1."#, ["a": 1]),
            (#"{"a": 1.5"#, ["a": 1.5]),
            (#"{"a": 1e"#, ["a": 1]),
            (#"{"a": -2.5e-"#, ["a": -2.5]),
            (#"{"a": 12"#, ["a": 12]),
            (#"{"a": tr"#, ["a": true]),
            (#"{"a": f"#, ["a": false]),
            (#"{"a": nu"#, ["a": nil]),
            (#"{"a": [1, 2"#, ["a": [1, 2]]),
            (#"{"a": [1, "#, ["a": [1]]),
            (#"{"a": [{"b": [tru"#, ["a": [["b": [true]]]]),
            (#"[1, {"b": "c"}, "#, [1, ["b": "c"]]),
            (#"""#, ""),
            (#""ab"#, "ab"),
            ("[", []),
            ("tr", true),
            ("-", nil),
        ] as [(String, JSONValue?)])
    func completesPrefixesForDisplay(_ prefix: String, _ expected: JSONValue?) {
        let result = PartialJSON.parse(prefix)
        #expect(result.state == .incomplete, "\(prefix)")
        if prefix == "{" {
            #expect(result.value == [:])
        } else {
            #expect(result.value == expected, "\(prefix)")
        }
    }

    @Test(
        arguments: [
            (#"{"a": "xy"#, [:] as JSONValue?),
            (#"{"a": 1."#, [:]),
            (#"{"a": -"#, [:]),
            (#"{"a": tru"#, [:]),
            (#"{"a": [1, 2"#, ["a": [1, 2]]),
            (#"{"a": ["x"#, ["a": []]),
            (#"{"a""#, [:]),
            (#"{"a":"#, [:]),
            (#"{"a": 1,"#, ["a": 1]),
            (#"{"a": 12"#, ["a": 12]),
            (#"{"a": "x\"#, [:]),
            (#"[1, {"b": nul"#, [1, [:]]),
            (#"{"a": {}, "b": {"c": [true, f"#, ["a": [:], "b": ["c": [true]]]),
        ] as [(String, JSONValue?)])
    func dropsUnfinishedStringsAndLiteralsLikeThePythonSDK(_ prefix: String, _ expected: JSONValue?) {
        // Expected values measured with jiter.from_json(prefix, partial_mode=True) (anthropic 2.14's dependency).
        let result = PartialJSON.parse(prefix, mode: .pythonSDK)
        #expect(result.value == expected, "\(prefix)")
        #expect(result.state == .incomplete)
    }

    @Test(arguments: [#"{"a" 1"#, "[1 2", #"{"a": tx"#, #"{"a": "\q"#, "}", #"{"a": 1}}"#, #"{"a": 01"#, "[.5"])
    func reportsInvalidPrefixes(_ prefix: String) {
        let result = PartialJSON.parse(prefix)
        #expect(result.value == nil)
        guard case .invalid(let reason) = result.state else {
            Issue.record("expected invalid for \(prefix), got \(result.state)")
            return
        }
        #expect(reason.contains("byte"))
    }

    @Test func everyPrefixOfAToolInputStaysUsable() throws {
        let input =
            #"{"query": "caf\u00e9 \"best\" \ud83d\ude00", "limit": -12.5e1, "flags": [true, false, null], "n": {"x": []}}"#
        let final = try JSONValue.parse(input)
        let bytes = Array(input.utf8)
        var lastKeyCount = 0
        for end in 0...bytes.count {
            let prefix = String(decoding: bytes[0..<end], as: UTF8.self)
            let result = PartialJSON.parse(prefix)
            if case .invalid(let reason) = result.state { Issue.record("prefix \(end) invalid: \(reason)") }
            let keyCount = result.value?.objectValue?.count ?? 0
            #expect(keyCount >= lastKeyCount, "keys never disappear as the input grows (prefix \(end))")
            lastKeyCount = keyCount
        }
        #expect(PartialJSON.parse(input) == PartialJSONResult(value: final, state: .complete))
    }
}

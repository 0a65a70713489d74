import Foundation
import Testing

@testable import TapedeckCore

@Suite struct JSONValueCodableTests {
    @Test func roundTripsThroughFoundationCoders() throws {
        let value: JSONValue = ["a": [1, 2.5, "x", true, nil], "b": ["c": [:]]]
        let data = try JSONEncoder().encode(value)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(decoded == value)
        #expect(try JSONValue.parse(bytes: data) == value)
    }

    @Test func objectDecodingRejectsNonObjects() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(JSONObject.self, from: Data("[1]".utf8)) }
    }
}

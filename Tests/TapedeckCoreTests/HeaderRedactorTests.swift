import Testing

@testable import TapedeckCore

@Suite struct HeaderRedactorTests {
    @Test func redactsDefaultSecretsInAnyCaseAndKeepsOrder() {
        let redactor = HeaderRedactor()
        let headers = [
            HeaderField(name: "Content-Type", value: "application/json"),
            HeaderField(name: "X-Api-Key", value: "sk-ant-secret-1"),
            HeaderField(name: "authorization", value: "Bearer sk-ant-secret-2"),
            HeaderField(name: "Cookie", value: "exchange=abc"),
            HeaderField(name: "anthropic-version", value: "2023-06-01"),
        ]
        let redacted = redactor.redact(headers)
        #expect(redacted.map(\.name) == headers.map(\.name))
        #expect(redacted[0].value == "application/json")
        #expect(redacted[4].value == "2023-06-01")
        for index in [1, 2, 3] {
            #expect(HeaderRedactor.isMarker(redacted[index].value))
            #expect(!redacted[index].value.contains("secret"))
            #expect(!redacted[index].value.contains("abc"))
        }
    }

    @Test func redactsConfiguredNames() {
        let redactor = HeaderRedactor(additionalNames: ["X-Team-Id"])
        let redacted = redactor.redact([HeaderField(name: "x-team-id", value: "t0ken")])
        #expect(redacted[0].value == HeaderRedactor.marker(for: "t0ken"))
        #expect(HeaderRedactor().redact([HeaderField(name: "x-team-id", value: "t0ken")])[0].value == "t0ken")
    }

    @Test func fingerprintIsShortStableAndDistinguishesKeys() {
        let first = HeaderRedactor.fingerprint("sk-ant-one")
        #expect(first.count == 8)
        #expect(first == HeaderRedactor.fingerprint("sk-ant-one"))
        #expect(first != HeaderRedactor.fingerprint("sk-ant-two"))
        #expect(HeaderRedactor.marker(for: "sk-ant-one") == "[redacted fp:\(first)]")
    }

    @Test func fingerprintIsTheSHA256Prefix() {
        // Known SHA-256 vectors (FIPS 180-4): "" and "abc", and a two-block message.
        #expect(HeaderRedactor.fingerprint("") == "e3b0c442")
        #expect(HeaderRedactor.fingerprint("abc") == "ba7816bf")
        #expect(
            HeaderRedactor.fingerprint("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "248d6a61")
    }
}

/// Import of an export must not turn a marker into a marker of a marker.
@Suite struct HeaderRedactorIdempotenceTests {
    @Test func redactingTwiceChangesNothing() {
        let redactor = HeaderRedactor()
        let once = redactor.redact([HeaderField(name: "x-api-key", value: "sk-ant-secret")])
        #expect(once[0].value != "sk-ant-secret")
        #expect(HeaderRedactor.isMarker(once[0].value))
        #expect(redactor.redact(once) == once)
    }
}

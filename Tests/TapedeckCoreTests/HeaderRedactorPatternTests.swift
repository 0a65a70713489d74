import Testing

@testable import TapedeckCore

/// Credentials outside the fixed header list: any name containing key, token, secret, auth, password or
/// cookie, in headers and in query strings.
@Suite struct HeaderRedactorPatternTests {
    @Test(arguments: [
        "x-goog-api-key", "X-Auth-Token", "x-client-secret", "X-Password", "x-session-token", "api_key",
        "x-amz-security-token", "Set-Cookie",
        // Where the word sits: the whole name, at the very end, and right after a partial match of itself.
        "token", "x-key", "kkey", "toktoken", "secrsecret",
    ])
    func namesContainingASecretWordAreSecret(_ name: String) {
        #expect(HeaderRedactor().isSecret(name))
        let redacted = HeaderRedactor().redact([HeaderField(name: name, value: "sk-live-1")])
        #expect(redacted[0].value == HeaderRedactor.marker(for: "sk-live-1"))
    }

    @Test(arguments: [
        "content-type", "anthropic-version", "user-agent", "anthropic-ratelimit-input-tokens-remaining",
        "request-id", "", "k", "ke", "k-ey", "tok", "secre", "passwor",
    ])
    func ordinaryNamesAreKept(_ name: String) {
        #expect(!HeaderRedactor().isSecret(name))
    }

    @Test func configuredNamesStillWinOverTheExemption() {
        let redactor = HeaderRedactor(additionalNames: ["Anthropic-Ratelimit-Tokens-Limit", "x-team"])
        #expect(redactor.isSecret("anthropic-ratelimit-tokens-limit"))
        #expect(redactor.isSecret("X-Team"))
    }

    @Test func querySecretsAreReplacedAndTheRestKeptByteForByte() {
        let query = "beta=true&key=sk-one&API_KEY=sk-two&access%5Ftoken=t%2Bk&flag&&x=1=2"
        let redacted = HeaderRedactor().redactQuery(query)
        let expected =
            "beta=true&key=\(HeaderRedactor.marker(for: "sk-one"))&API_KEY=\(HeaderRedactor.marker(for: "sk-two"))"
            + "&access%5Ftoken=\(HeaderRedactor.marker(for: "t+k"))&flag&&x=1=2"
        #expect(redacted == expected)
        #expect(HeaderRedactor().redactQuery(redacted) == redacted)
    }

    @Test func queryUsesConfiguredNamesAndLeavesEmptyQueriesAlone() {
        #expect(
            HeaderRedactor(additionalNames: ["sig"]).redactQuery("sig=abc")
                == "sig=\(HeaderRedactor.marker(for: "abc"))")
        #expect(HeaderRedactor().redactQuery("sig=abc") == "sig=abc")
        #expect(HeaderRedactor().redactQuery(nil) == nil)
        #expect(HeaderRedactor().redactQuery("") == "")
    }
}

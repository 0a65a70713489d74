import Testing

@testable import TapedeckCore

/// The Claude Code session id inside `metadata.user_id`, in both forms the CLI has sent.
@Suite struct SessionKeyTests {
    @Test func theLastSessionMarkerNamesTheSession() {
        #expect(SessionKey.claudeCodeSessionID(inUserID: "user_ab_account_42_session_1234-5678") == "1234-5678")
        #expect(SessionKey.claudeCodeSessionID(inUserID: "user_x_session_a_session_b") == "b")
        #expect(SessionKey.claudeCodeSessionID(inUserID: "usér_ü_session_ïd✓") == "ïd✓")
        #expect(SessionKey.claudeCodeSessionID(inUserID: "_session_only") == "only")
        #expect(SessionKey.claudeCodeSessionID(inUserID: #"{"session_id":"s-1","device_id":"d"}"#) == "s-1")
    }

    @Test func noSessionIsNamedWithoutAnIDAfterTheMarker() {
        for userID in ["", "user_ab_account_42", "user_ab_session_", "_session", "{}", #"{"session_id":""}"#] {
            #expect(SessionKey.claudeCodeSessionID(inUserID: userID) == nil, "\(userID)")
        }
    }
}

import Testing

@testable import TapedeckCore

/// A small conversation toolkit: messages as the SDK sends them, answers as the API returns them.
private enum Chat {
    static func user(_ text: String) -> JSONValue { ["role": "user", "content": .string(text)] }
    static func toolResult(_ id: String, _ text: String) -> JSONValue {
        ["role": "user", "content": [["type": "tool_result", "tool_use_id": .string(id), "content": .string(text)]]]
    }
    static func answerText(_ text: String) -> JSONValue { [["type": "text", "text": .string(text)]] }
    static func answerTool(_ id: String, _ input: JSONValue) -> JSONValue {
        [
            ["type": "text", "text": "Let me look."],
            ["type": "tool_use", "id": .string(id), "name": "read_file", "input": input],
        ]
    }
    static func assistant(_ content: JSONValue) -> JSONValue { ["role": "assistant", "content": content] }
    static func body(_ messages: [JSONValue], metadata: JSONValue? = nil) -> JSONValue {
        var object: JSONObject = ["model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": .array(messages)]
        if let metadata { object["metadata"] = metadata }
        return .object(object)
    }
}

/// Deterministic ids for sessions: s1, s2, ...
private final class Counter: @unchecked Sendable {
    var next = 0
    func make() -> String {
        next += 1
        return "s\(next)"
    }
}

private func grouper() -> SessionGrouper {
    let counter = Counter()
    return SessionGrouper(makeID: { counter.make() })
}

private func request(
    _ id: String, at second: Int64, _ body: JSONValue, headers: [HeaderField] = [], key: SessionKey? = nil,
    retryOf: String? = nil
) -> GroupingRequest {
    GroupingRequest(
        exchangeID: id, startedAtNanos: second * 1_000_000_000, conversation: RequestConversation(body: body),
        key: SessionKey.carried(by: headers, body: body) ?? key, retryOf: retryOf)
}

@Suite struct SessionGrouperTests {
    @Test func aToolLoopIsOneThreadTurnByTurn() {
        var rules = grouper()
        let m1 = [Chat.user("What is in README?")]
        let first = rules.assign(request("e1", at: 0, Chat.body(m1)))
        let a1 = Chat.answerTool("toolu_1", ["path": "README.md"])
        _ = rules.finished("e1", conversation: RequestConversation(body: Chat.body(m1)), answer: a1)
        let m2 = m1 + [Chat.assistant(a1), Chat.toolResult("toolu_1", "# tapedeck")]
        let second = rules.assign(request("e2", at: 5, Chat.body(m2)))
        let a2 = Chat.answerText("It is the tapedeck README.")
        _ = rules.finished("e2", conversation: RequestConversation(body: Chat.body(m2)), answer: a2)
        let m3 = m2 + [Chat.assistant(a2), Chat.user("Thanks")]
        let third = rules.assign(request("e3", at: 9, Chat.body(m3)))

        #expect(first.isNewSession && first.turn == 1 && first.threadID == "e1" && first.grouping == .inferred)
        #expect(second.sessionID == first.sessionID && second.threadID == "e1" && second.turn == 2)
        #expect(second.continues == "e1" && !second.isNewSession)
        #expect(third.sessionID == first.sessionID && third.turn == 3 && third.continues == "e2")
    }

    @Test func twoInterleavedConversationsWithTheSameFirstMessageStayApart() {
        var rules = grouper()
        let m1 = [Chat.user("Plan a trip")]
        let x1 = rules.assign(request("x1", at: 0, Chat.body(m1)))
        let y1 = rules.assign(request("y1", at: 1, Chat.body(m1)))
        let ax = Chat.answerText("Where to?")
        let ay = Chat.answerText("Which month?")
        _ = rules.finished("x1", conversation: RequestConversation(body: Chat.body(m1)), answer: ax)
        _ = rules.finished("y1", conversation: RequestConversation(body: Chat.body(m1)), answer: ay)
        // Continuations arrive in the other order.
        let y2 = rules.assign(request("y2", at: 5, Chat.body(m1 + [Chat.assistant(ay), Chat.user("May")])))
        let x2 = rules.assign(request("x2", at: 6, Chat.body(m1 + [Chat.assistant(ax), Chat.user("Lisbon")])))

        #expect(x1.sessionID != y1.sessionID)
        #expect(x2.sessionID == x1.sessionID && x2.continues == "x1" && x2.turn == 2)
        #expect(y2.sessionID == y1.sessionID && y2.continues == "y1" && y2.turn == 2)
    }

    @Test func aRetryStaysWithTheAttemptItRepeats() {
        var rules = grouper()
        let m1 = [Chat.user("Summarise")]
        let a1 = Chat.answerText("Sure.")
        let first = rules.assign(request("e1", at: 0, Chat.body(m1)))
        _ = rules.finished("e1", conversation: RequestConversation(body: Chat.body(m1)), answer: a1)
        let m2 = m1 + [Chat.assistant(a1), Chat.user("Shorter")]
        let failed = rules.assign(request("e2", at: 3, Chat.body(m2)))
        _ = rules.finished("e2", conversation: RequestConversation(body: Chat.body(m2)), answer: nil)
        let retry = rules.assign(request("e3", at: 4, Chat.body(m2), retryOf: "e2"))

        #expect(failed.sessionID == first.sessionID && failed.turn == 2)
        #expect(retry.sessionID == first.sessionID && retry.threadID == failed.threadID && retry.turn == 2)
        #expect(retry.continues == "e1")
    }

    @Test func claudeCodeSideRequestsShareTheSessionInTheirOwnThread() {
        var rules = grouper()
        let header = [HeaderField(name: "X-Claude-Code-Session-Id", value: "9f1c2d3e-aaaa-bbbb-cccc-1234567890ab")]
        let main = rules.assign(request("m1", at: 0, Chat.body([Chat.user("fix the bug")]), headers: header))
        let title = rules.assign(
            request("t1", at: 0, Chat.body([Chat.user("Write a 5-word title for: fix the bug")]), headers: header))

        #expect(
            main.grouping == .claudeCodeHeader && main.key?.value == "claude-code:9f1c2d3e-aaaa-bbbb-cccc-1234567890ab")
        #expect(title.sessionID == main.sessionID && !title.isNewSession)
        #expect(title.threadID == "t1" && title.turn == 1 && main.threadID == "m1")
    }

    @Test func metadataUserIDInBothShapesNamesTheSameSession() {
        let uuid = "0b5e7c62-1111-2222-3333-444455556666"
        let json = Chat.body(
            [Chat.user("hi")], metadata: ["user_id": .string("{\"device_id\":\"d\",\"session_id\":\"\(uuid)\"}")])
        let legacy = Chat.body(
            [Chat.user("hi")], metadata: ["user_id": .string("user_abc123_account_42_session_\(uuid)")])
        let fromJSON = SessionKey.carried(by: [], body: json)
        let fromLegacy = SessionKey.carried(by: [], body: legacy)
        #expect(fromJSON == SessionKey(value: "claude-code:\(uuid)", grouping: .metadataUserID))
        #expect(fromLegacy?.value == fromJSON?.value)
        #expect(SessionKey.carried(by: [], body: Chat.body([Chat.user("hi")], metadata: ["user_id": "alice"])) == nil)
        // The header wins over the body.
        let header = [HeaderField(name: "x-claude-code-session-id", value: "other")]
        #expect(SessionKey.carried(by: header, body: json)?.value == "claude-code:other")
    }

    @Test func aRecordRunHoldsItsIdLessExchangesButAnExplicitIdWins() {
        var rules = grouper()
        let run = SessionKey.recordRun("r1")
        let a = rules.assign(request("a", at: 0, Chat.body([Chat.user("one")]), key: run))
        let b = rules.assign(request("b", at: 1, Chat.body([Chat.user("two")]), key: run))
        let header = [HeaderField(name: "x-claude-code-session-id", value: "cc")]
        let c = rules.assign(request("c", at: 2, Chat.body([Chat.user("three")]), headers: header, key: run))
        #expect(a.grouping == .record && a.isNewSession)
        #expect(b.sessionID == a.sessionID && b.threadID == "b")
        #expect(c.sessionID != a.sessionID && c.grouping == .claudeCodeHeader)
    }

    @Test func aResentAnswerMatchesWhateverTheClientAddedOrDropped() {
        var rules = grouper()
        let m1: [JSONValue] = [["role": "user", "content": [["type": "text", "text": "hi"]]]]
        let answer: JSONValue = [
            ["type": "thinking", "thinking": "greet back", "signature": "sig"],
            ["type": "text", "text": "Hello!", "citations": .null],
        ]
        let first = rules.assign(request("e1", at: 0, Chat.body(m1)))
        _ = rules.finished("e1", conversation: RequestConversation(body: Chat.body(m1)), answer: answer)
        // The client re-sends the first message as a string with a cache marker, drops thinking, and the nulls.
        let resent: [JSONValue] = [
            ["role": "user", "content": [["type": "text", "text": "hi", "cache_control": ["type": "ephemeral"]]]],
            ["role": "assistant", "content": [["type": "text", "text": "Hello!"]]],
            Chat.user("again"),
        ]
        let next = rules.assign(request("e2", at: 2, Chat.body(resent)))
        #expect(next.sessionID == first.sessionID && next.continues == "e1")
    }

    @Test func aContinuationThatBeganBeforeItsParentWasRecordedIsMovedAtFinish() {
        var rules = grouper()
        let m1 = [Chat.user("go")]
        let a1 = Chat.answerText("ok")
        let first = rules.assign(request("e1", at: 0, Chat.body(m1)))
        let m2 = m1 + [Chat.assistant(a1), Chat.user("next")]
        let early = rules.assign(request("e2", at: 1, Chat.body(m2)))
        #expect(early.isNewSession && early.sessionID != first.sessionID)
        _ = rules.finished("e1", conversation: RequestConversation(body: Chat.body(m1)), answer: a1)
        let corrected = rules.finished("e2", conversation: RequestConversation(body: Chat.body(m2)), answer: nil)
        #expect(corrected?.sessionID == first.sessionID && corrected?.continues == "e1" && corrected?.turn == 2)
    }

    @Test func aTurnThatBeganBeforeItsPreviousTurnWasRecordedMovesFromTheEarlierTurnAtFinish() {
        var rules = grouper()
        let m1 = [Chat.user("go")]
        let a1 = Chat.answerText("ok")
        _ = rules.assign(request("e1", at: 0, Chat.body(m1)))
        _ = rules.finished("e1", conversation: RequestConversation(body: Chat.body(m1)), answer: a1)
        let m2 = m1 + [Chat.assistant(a1), Chat.user("next")]
        let second = rules.assign(request("e2", at: 1, Chat.body(m2)))
        let a2 = Chat.answerText("done")
        let m3 = m2 + [Chat.assistant(a2), Chat.user("and then")]
        // Turn 3 arrives before turn 2's end is recorded: only turn 1 is known to continue.
        let early = rules.assign(request("e3", at: 2, Chat.body(m3)))
        #expect(early.continues == "e1" && early.turn == 2)
        #expect(rules.pendingLookup(of: "e3")?.lengths == 3...4)
        _ = rules.finished("e2", conversation: RequestConversation(body: Chat.body(m2)), answer: a2)
        let corrected = rules.finished("e3", conversation: RequestConversation(body: Chat.body(m3)), answer: nil)
        #expect(corrected?.sessionID == second.sessionID && corrected?.continues == "e2" && corrected?.turn == 3)
        #expect(corrected?.threadID == "e1")
    }

    @Test func theIndexIsBoundedAndForgetsOldExchanges() {
        let counter = Counter()
        var rules = SessionGrouper(windowNanos: 100 * 1_000_000_000, capacity: 10, makeID: { counter.make() })
        for index in 0..<50 {
            let body = Chat.body([Chat.user("q\(index)")])
            _ = rules.assign(request("e\(index)", at: Int64(index), body))
            _ = rules.finished("e\(index)", conversation: RequestConversation(body: body), answer: Chat.answerText("a"))
        }
        #expect(rules.count == 10)
        // Past the window an answer can no longer be continued: a new session starts.
        let m = [Chat.user("q49"), Chat.assistant(Chat.answerText("a")), Chat.user("more")]
        let late = rules.assign(request("late", at: 49 + 101, Chat.body(m)))
        #expect(late.isNewSession && late.continues == nil)
    }
}

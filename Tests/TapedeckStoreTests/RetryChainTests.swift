import Foundation
import TapedeckCore
import Testing

@testable import TapedeckStore

/// Retry chains are the recorder's policy over each backend's `retryCandidate` query: both backends, same chains.
@Suite struct RetryChainTests {
    static let start: Int64 = 1_764_000_000_000_000_000
    static let second: Int64 = 1_000_000_000
    static let reordered = Array(
        #"{"stream":true,"messages":[{"content":"Hi","role":"user"}],"max_tokens":64,"model":"claude-sonnet-4-5"}"#
            .utf8)

    func attempt(
        _ recorder: ExchangeRecorder, at offset: Int64, body: [UInt8] = Fixtures.requestBody, outcome: ExchangeOutcome,
        finish: Bool = true
    ) -> String {
        var summary = Fixtures.summary(startedAt: Self.start + offset, outcome: .inProgress, body: body)
        recorder.begin(summary)
        if finish {
            summary.outcome = outcome
            recorder.finish(summary, trailing: [], trailingOffsetNanos: nil)
        }
        return summary.id
    }

    @Test(arguments: Backend.all) func failedRequestsRepeatedWithinTenMinutesFormAChain(_ backend: Backend) async throws
    {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        defer { Task { try? await store.close() } }
        let recorder = store.makeRecorder()
        let first = attempt(recorder, at: 0, outcome: .httpError)
        let second = attempt(recorder, at: 2 * Self.second, body: Self.reordered, outcome: .errorEvent)
        let third = attempt(recorder, at: 5 * Self.second, outcome: .complete)
        // Same body after a success: a new request, not a retry.
        let fresh = attempt(recorder, at: 6 * Self.second, outcome: .complete)
        // A different body is never a retry.
        let other = attempt(
            recorder, at: 7 * Self.second, body: Array(#"{"model":"x"}"#.utf8), outcome: .complete)
        await recorder.close()

        let byID = Dictionary(uniqueKeysWithValues: try await store.exchanges(ExchangeFilter()).map { ($0.id, $0) })
        #expect(byID[first]?.retryOf == nil)
        #expect(byID[first]?.attempt == 1)
        #expect(byID[second]?.retryOf == first)
        #expect(byID[second]?.attempt == 2)
        #expect(byID[third]?.retryOf == second)
        #expect(byID[third]?.attempt == 3)
        #expect(byID[fresh]?.retryOf == nil)
        #expect(byID[fresh]?.attempt == 1)
        #expect(byID[other]?.retryOf == nil)
        #expect(try await store.retryChain(of: second).map(\.id) == [first, second, third])
        #expect(try await store.retryChain(of: third).map(\.attempt) == [1, 2, 3])
        #expect(try await store.retryChain(of: fresh).map(\.id) == [fresh])
        #expect(try await store.retryChain(of: "nosuch").isEmpty)
    }

    @Test(arguments: Backend.all) func aFailureOlderThanTheWindowStartsANewChain(_ backend: Backend) async throws {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        defer { Task { try? await store.close() } }
        let recorder = store.makeRecorder()
        let old = attempt(recorder, at: 0, outcome: .timeout)
        let late = attempt(recorder, at: 601 * Self.second, outcome: .complete)
        let inside = attempt(recorder, at: 602 * Self.second + 1, outcome: .complete)
        await recorder.close()
        #expect(try await store.exchange(id: late)?.retryOf == nil)
        #expect(try await store.exchange(id: inside)?.retryOf == nil)
        #expect(try await store.exchange(id: old)?.attempt == 1)
    }

    @Test(arguments: Backend.all) func aRetryThatBeginsBeforeTheFailureIsRecordedIsLinkedWhenItIs(_ backend: Backend)
        async throws
    {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        defer { Task { try? await store.close() } }
        let recorder = store.makeRecorder()
        // The proxy may begin the retry before the failed attempt's recorder task calls finish.
        var first = Fixtures.summary(startedAt: Self.start, outcome: .inProgress)
        recorder.begin(first)
        var second = Fixtures.summary(startedAt: Self.start + Self.second, outcome: .inProgress)
        recorder.begin(second)
        second.outcome = .httpError
        recorder.finish(second, trailing: [], trailingOffsetNanos: nil)
        let third = attempt(recorder, at: 3 * Self.second, outcome: .complete)
        first.outcome = .httpError
        recorder.finish(first, trailing: [], trailingOffsetNanos: nil)
        // An identical request running in parallel with a success is not a retry.
        var parallel = Fixtures.summary(startedAt: Self.start + 10 * Self.second, outcome: .inProgress)
        recorder.begin(parallel)
        let overlapping = attempt(recorder, at: 11 * Self.second, outcome: .complete)
        parallel.outcome = .complete
        recorder.finish(parallel, trailing: [], trailingOffsetNanos: nil)
        await recorder.close()

        #expect(try await store.retryChain(of: first.id).map(\.id) == [first.id, second.id, third])
        #expect(try await store.retryChain(of: first.id).map(\.attempt) == [1, 2, 3])
        #expect(try await store.exchange(id: overlapping)?.retryOf == nil)
    }
}
